"""WTForms forms, one module per blueprint, every field with a GOV.UK widget."""
