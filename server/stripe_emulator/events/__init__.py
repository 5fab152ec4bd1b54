"""Events (what changed, as Stripe names it), webhook endpoints and signed delivery."""
