"""Translation engines and the `auto` choice between them."""
