# Raises while the module is imported.
raise RuntimeError("this module refuses to be imported")
