package service

// Place returns where the value at the JSON pointer ptr ("/retention/period")
// sits in the definition's source, or where its nearest enclosing value
// does; 0, 0 for a definition built in Go. Other checkers (the file plan's)
// use it to point at the line a person must change.
func (d *Definition) Place(ptr string) (line, col int) {
	p := d.pos.at(ptr)
	return p.line, p.col
}
