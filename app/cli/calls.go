package cli

func cmdCalls(e *Env, args []string) int {
	return notYet(e, "calls")
}
