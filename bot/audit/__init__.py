"""The audit log (BIO2 8.15): who did what, to which object, with what result, from where and when."""
