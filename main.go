// Huitouke (回头客): a customer database and call list for small online shops.
package main

import (
	"context"
	"fmt"
	"os"

	"huitouke/app"
	"huitouke/cli"
	"huitouke/resources/vocab"
)

func main() {
	args := os.Args[1:]
	if cli.IsCommand(args) {
		if err := vocab.Load(vocab.LangFromArgs(args)); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(cli.Run(&cli.Env{Ctx: context.Background(), Stdout: os.Stdout, Stderr: os.Stderr, Version: app.Version}, args))
	}
	os.Exit(app.Run(args))
}
