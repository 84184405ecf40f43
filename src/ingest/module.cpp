// ingest adapters
