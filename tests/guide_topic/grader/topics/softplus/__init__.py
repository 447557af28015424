"""The softplus topic: the worked example of docs/adding-a-topic.md (tests only)."""
