# Huitouke — one command from a fresh clone (Debian/Ubuntu; macOS: see README).
#   make run              open the window (ARGS="--db /tmp/x.db --lang en")
#   make test             the README's test command
#   make build            release binary for this machine: dist/huitouke
#   make package-linux    dist/huitouke-VERSION-linux-amd64.tar.xz
#   make package-windows  dist/huitouke-VERSION-windows-amd64.zip (cross-compiled, installs mingw-w64)
#   make clean            remove dist/
TAGS := migrated_fynedo
VERSION := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
ARGS ?=
# .ci/deps installs build dependencies with apt; elsewhere (macOS) they are the maintainer's.
DEPS := if command -v apt-get >/dev/null; then bash .ci/deps; fi

.PHONY: run test build package-linux package-windows package clean

run:
	@$(DEPS)
	go run -tags $(TAGS) . $(ARGS)

test:
	@$(DEPS)
	go test -tags $(TAGS) -race ./...

build:
	@$(DEPS)
	go build -tags $(TAGS) -trimpath -ldflags "-s -w -X huitouke/app.Version=$(VERSION)" -o dist/huitouke .

package-linux:
	bash .ci/package linux

package-windows:
	bash .ci/package windows

package: package-linux package-windows

clean:
	rm -rf dist
