package imports

import (
	"context"

	"huitouke/data"
)

// Batch is the files of one drop or pick, for Run.
type Batch struct {
	Paths []string
	// Mapping, when set, is the user's column mapping for these files: they
	// are imported with it without being looked at first.
	Mapping Mapping
	// Signature is the header signature Mapping is saved under (see
	// SaveMapping) once a file imports with it, so the next file with the
	// same columns imports without asking.
	Signature string
	// Detecting, when set, is called from Run's goroutine as it starts
	// looking at file i of Paths.
	Detecting func(i int)
	// Detected, when set, is called from Run's goroutine with what was found
	// out about file i of Paths (its platform, or why it cannot be read)
	// before anything is imported.
	Detected func(i int, d Detection, err error)
	// Options tune the run. Their Mapping is ignored (Batch.Mapping is
	// used), and Progress.FileIndex is an index in Paths.
	Options
}

// BatchResult is what became of a Batch.
type BatchResult struct {
	// Imported are the indexes in Paths of the files handed to the
	// importer; Results[k] is the result of file Imported[k].
	Imported []int
	Results  []Result
	// SaveErr: the files imported, but their mapping could not be saved.
	SaveErr error
}

// Run looks at each file of b, then imports the ones it can in one run
// (one backup, one undo step) with ImportFiles, which decides the order
// they go in. A file of no known layout (Platform Unknown, and no mapping
// saved for its columns) is left out: it waits for the user's mapping. A
// broken file is still handed to the importer, so the history records it;
// a missing file, and a file not reached before ctx was cancelled, are not.
// The error is ImportFiles' (a backup that failed, or a cancel).
func Run(ctx context.Context, st *data.Store, b Batch) (BatchResult, error) {
	var out BatchResult
	for i, p := range b.Paths {
		if ctx.Err() != nil {
			break
		}
		if b.Mapping != nil {
			out.Imported = append(out.Imported, i)
			continue
		}
		if b.Detecting != nil {
			b.Detecting(i)
		}
		d, err := DetectFile(ctx, st, p)
		if b.Detected != nil {
			b.Detected(i, d, err)
		}
		switch code := ErrorCode(err); {
		case err != nil && (code == CodeIO || code == CodeCancelled):
		case err == nil && d.Platform == Unknown:
		default:
			out.Imported = append(out.Imported, i)
		}
	}
	if len(out.Imported) == 0 || ctx.Err() != nil {
		return out, nil
	}
	paths := make([]string, len(out.Imported))
	for k, i := range out.Imported {
		paths[k] = b.Paths[i]
	}
	opt := b.Options
	opt.Mapping = b.Mapping
	if progress := b.Progress; progress != nil {
		opt.Progress = func(p Progress) {
			if p.FileIndex >= 0 && p.FileIndex < len(out.Imported) {
				p.FileIndex = out.Imported[p.FileIndex]
			}
			progress(p)
		}
	}
	var err error
	out.Results, err = ImportFiles(ctx, st, paths, opt)
	if b.Mapping != nil && b.Signature != "" {
		for _, r := range out.Results {
			if r.Status == StatusOK {
				out.SaveErr = SaveMapping(context.WithoutCancel(ctx), st, b.Signature, b.Mapping)
				break
			}
		}
	}
	return out, err
}
