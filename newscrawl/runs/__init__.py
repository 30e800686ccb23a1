"""Run bookkeeping: cross-run state, the ledger of ids, failures, rejects, feeds and summaries."""
