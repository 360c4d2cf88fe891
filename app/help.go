package app

// installMenu sets the window's main menu (Help: user guide, about).
func (u *UI) installMenu() {}
