"""Reading typed answers: one module per kind of answer."""
