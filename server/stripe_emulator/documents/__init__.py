"""Documents a person opens in a browser: what the API's URLs (`receipt_url`, …) point to."""
