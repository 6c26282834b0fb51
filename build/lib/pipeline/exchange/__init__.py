"""Exchange with CAT tools: TMX 1.4b for the corpus, XLIFF 1.2 per document."""
