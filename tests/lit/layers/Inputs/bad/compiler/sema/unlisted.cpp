// in no target
