package app

// Version is the program's version; release builds may set it with
// -ldflags "-X huitouke/app.Version=…". Keep it equal to FyneApp.toml.
var Version = "0.1.0"
