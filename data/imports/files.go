package imports

import (
	"huitouke/data/errs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Extensions are the file name endings an export may have.
var Extensions = []string{".xlsx", ".csv", ".xls", ".xlsm"}

// Dropped is one file of what the user dropped or picked, after Expand: a
// file to import (Err nil) or one that cannot be (Err an *errs.Error with
// CodeIO, CodeNotSpreadsheet or CodeNoFiles). The importer, not the
// screen, decides the order files are imported in (see ImportFiles).
type Dropped struct {
	Path string
	Err  error
}

// Expand turns the paths the user dropped into the files to import: a file
// stays itself, a folder gives the spreadsheets directly inside it, by
// name. A missing file, a file that is no spreadsheet (a PDF or a photo
// dropped by mistake) and a folder without spreadsheets come back with
// their error, so they can be shown without being read.
func Expand(paths []string) []Dropped {
	var out []Dropped
	for _, p := range paths {
		fi, err := os.Stat(p)
		switch {
		case err != nil:
			out = append(out, Dropped{p, &errs.Error{Area: errs.Import, Code: CodeIO, Err: err}})
		case !fi.IsDir() && !IsSpreadsheet(p):
			out = append(out, Dropped{p, &errs.Error{Area: errs.Import, Code: CodeNotSpreadsheet}})
		case !fi.IsDir():
			out = append(out, Dropped{Path: p})
		default:
			inside, err := spreadsheetsIn(p)
			if err != nil {
				out = append(out, Dropped{p, &errs.Error{Area: errs.Import, Code: CodeIO, Err: err}})
				continue
			}
			if len(inside) == 0 {
				out = append(out, Dropped{p, &errs.Error{Area: errs.Import, Code: CodeNoFiles}})
				continue
			}
			for _, f := range inside {
				out = append(out, Dropped{Path: f})
			}
		}
	}
	return out
}

// spreadsheetsIn lists the importable files directly in dir, by name.
func spreadsheetsIn(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() || strings.HasPrefix(e.Name(), "~$") || strings.HasPrefix(e.Name(), ".") {
			continue // Excel's lock files and hidden files
		}
		if IsSpreadsheet(e.Name()) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	return out, nil
}

// IsSpreadsheet tells by the name whether a file may hold an export.
func IsSpreadsheet(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, x := range Extensions {
		if ext == x {
			return true
		}
	}
	return false
}
