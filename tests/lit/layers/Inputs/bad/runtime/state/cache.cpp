// a library with no place in the order
