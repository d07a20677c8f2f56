"""Backup and restore: the archive format (`archive`, pure), the database dump and load of each
vendor (`dumps`) and the services that put them together (`services`)."""
