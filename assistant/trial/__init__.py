"""The trial as data: dialog-file models, loader, the rule language and its checks."""
