"""What every write shares: the bearer-token guard, the edit call and its response,
the create / update / delete routes of an essay's parts, and the import body reader."""
