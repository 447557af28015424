HIDDEN = ()
