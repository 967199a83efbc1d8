package acceptance

func (c *council) potholeThroughTheFrontDoor() {}
func (c *council) potholeThroughOpen311()      {}
