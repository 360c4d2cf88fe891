package cli

func cmdReport(e *Env, args []string) int {
	return notYet(e, "report")
}
