package cli

func cmdImport(e *Env, args []string) int {
	return notYet(e, "import")
}
