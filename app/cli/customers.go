package cli

func cmdCustomers(e *Env, args []string) int {
	return notYet(e, "customers")
}
