package imports

import (
	"context"
	"log"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/imports"
	"huitouke/resources/vocab"
	"huitouke/widgets"
)

// importScreen receives files (dropped anywhere on the window or picked)
// and imports them right away, one after the other, showing each file's
// progress and outcome; below sit the drop zone, where each platform's
// export is found, and the import history with undo.
//
// Threading: all fields are touched on the UI goroutine only. A batch (the
// files of one drop or pick) runs in one worker goroutine that reports
// through fyne.Do; batches queue and run one at a time, so the database
// sees one import run (one backup, one undo step) per drop.
type importScreen struct {
	u      Shell
	root   *fyne.Container // the main view, or the mapping view over it
	main   fyne.CanvasObject
	scroll *container.Scroll

	jobsHead *fyne.Container
	jobsBox  *fyne.Container
	drop     *widgets.DropZone
	dropBox  *fyne.Container
	howto    *widget.Accordion
	hist     *importHistory

	files   []string // every path received, in order
	jobs    []*importJob
	pending []*importBatch
	running *importBatch
	mapping *importJob // the job whose mapping view is open

	// busy counts work in flight (batches, history loads, recompute) so
	// tests can wait for the screen to settle.
	busy atomic.Int32
	// Test hooks, set before the first file arrives: gate holds each batch
	// before it starts; onProgress sees every progress report in the
	// worker goroutine.
	gate       chan struct{}
	onProgress func(b *importBatch, p imports.Progress)
}

type jobState int

const (
	jobWaiting jobState = iota
	jobDetecting
	jobImporting
	jobRead // the file is read; its figures come when its batch ends
	jobNeedsMapping
	jobDone
	jobFailed
	jobCancelled
)

func (s jobState) final() bool { return s >= jobDone }

// importJob is one file on the screen.
type importJob struct {
	path     string
	state    jobState
	platform string
	det      *imports.Detection
	prog     imports.Progress
	res      *imports.Result
	code     string // failure code when failed
	err      error
	view     *jobView
	batch    *importBatch
	skip     bool // failed before it could be imported (set before its batch starts)
	// userCancel: the user pressed this file's Cancel (its batch's other
	// files are run again).
	userCancel bool
}

// importBatch is the files of one drop, pick or mapping, imported in one run.
type importBatch struct {
	jobs      []*importJob
	mapping   imports.Mapping // the user's column mapping (a single unknown file)
	signature string          // header signature the mapping is saved under
	cancel    context.CancelFunc
	ctx       context.Context
}

// progressEvery throttles progress reaching the UI (about 5 a second).
const progressEvery = 200 * time.Millisecond

// New builds the import screen.
func New(u Shell) kit.Screen {
	s := &importScreen{u: u}

	title := widget.NewRichText(&widget.TextSegment{Text: lang.X("import.title", "导入订单和客户"), Style: widget.RichTextStyleHeading})
	pick := widget.NewButtonWithIcon(lang.X("import.pick", "选择文件"), theme.FileIcon(), s.pick)
	pick.Importance = widget.HighImportance
	pickDir := widget.NewButtonWithIcon(lang.X("import.pickdir", "选择文件夹"), theme.FolderOpenIcon(), s.pickFolder)
	head := container.NewBorder(nil, nil, nil, container.NewHBox(pick, pickDir), title)

	clear := widget.NewButtonWithIcon(lang.X("import.clear", "清除已完成"), theme.ContentClearIcon(), s.clearFinished)
	clear.Importance = widget.LowImportance
	s.jobsHead = container.NewBorder(nil, nil, nil, clear,
		widget.NewRichText(&widget.TextSegment{Text: lang.X("import.jobs", "本次导入"), Style: widget.RichTextStyleSubHeading}))
	s.jobsHead.Hide()
	s.jobsBox = container.NewVBox()

	s.drop = widgets.NewDropZone(lang.X("import.drop.title", "把订单文件拖到这里"), supportedPlatforms(), s.pick)
	s.drop.Hint = lang.X("import.drop.hint", "支持 .xlsx 和 .csv，可以一次拖入多个文件；也可以点这里选择文件")
	s.dropBox = container.New(&impMinHeight{h: 240}, s.drop)

	howto := widget.NewLabel(strings.Join(vocab.HowToLines(), "\n"))
	howto.Wrapping = fyne.TextWrapWord
	s.howto = widget.NewAccordion(widget.NewAccordionItem(lang.X("import.howto.title", "各平台的订单在哪里导出？"), howto))

	s.hist = newImportHistory(s)

	s.scroll = container.NewVScroll(container.NewVBox(head, s.jobsHead, s.jobsBox, s.dropBox, s.howto, s.hist.card))
	s.main = s.scroll
	s.root = container.NewStack(s.main)
	return s
}

func (s *importScreen) Object() fyne.CanvasObject { return s.root }

func (s *importScreen) Shown() { s.hist.reload() }

// ReceiveFiles queues files (and the spreadsheets inside dropped folders)
// and imports them at once.
func (s *importScreen) ReceiveFiles(paths []string) {
	if len(paths) == 0 {
		return
	}
	s.files = append(s.files, paths...)
	b := &importBatch{}
	for _, d := range imports.Expand(paths) {
		j := s.addJob(d.Path, b)
		if d.Err != nil {
			// Gone, not a spreadsheet, an empty folder: say so now, there
			// is nothing to read.
			j.skip = true
			s.fail(j, imports.ErrorCode(d.Err), d.Err)
		}
		b.jobs = append(b.jobs, j)
	}
	for _, j := range b.jobs {
		if !j.skip {
			s.enqueue(b)
			return
		}
	}
}

func (s *importScreen) addJob(path string, b *importBatch) *importJob {
	j := &importJob{path: path, batch: b}
	j.view = newJobView(s, j)
	s.jobs = append(s.jobs, j)
	// The newest drop goes on top, its files in the order dropped, so what
	// is happening now is what the user sees.
	n := 0
	for _, o := range b.jobs {
		if o.view != nil {
			n++
		}
	}
	objs := append([]fyne.CanvasObject{}, s.jobsBox.Objects[:n]...)
	objs = append(objs, j.view.root)
	s.jobsBox.Objects = append(objs, s.jobsBox.Objects[n:]...)
	s.jobsBox.Refresh()
	s.scroll.ScrollToTop()
	s.jobsHead.Show()
	s.compactDrop()
	return j
}

func (s *importScreen) enqueue(b *importBatch) {
	s.pending = append(s.pending, b)
	s.startNext()
}

// startNext starts the next queued batch unless one is running.
func (s *importScreen) startNext() {
	if s.running != nil || len(s.pending) == 0 {
		s.hist.setRunning(s.running != nil)
		return
	}
	b := s.pending[0]
	s.pending = s.pending[1:]
	s.running = b
	b.ctx, b.cancel = context.WithCancel(s.u.Ctx())
	s.hist.setRunning(true)
	for _, j := range b.jobs {
		j.view.update()
	}
	s.busy.Add(1)
	go s.runBatch(b)
}

// runBatch hands the files of b to the importer, which looks at each,
// then imports the ones it can in one run. It runs in its own goroutine.
func (s *importScreen) runBatch(b *importBatch) {
	if s.gate != nil {
		<-s.gate
	}
	var run []*importJob // b's files the importer gets, in Paths order
	for _, j := range b.jobs {
		if !j.skip {
			run = append(run, j)
		}
	}
	batch := imports.Batch{Paths: jobPaths(run), Mapping: b.mapping, Signature: b.signature,
		Detecting: func(i int) { fyne.Do(func() { s.setState(run[i], jobDetecting) }) },
		Detected:  func(i int, det imports.Detection, err error) { fyne.Do(func() { s.detected(run[i], det, err) }) },
		Options:   s.runOptions(b, run)}
	res, runErr := imports.Run(b.ctx, s.u.Store(), batch)
	todo := make([]*importJob, len(res.Imported))
	for k, i := range res.Imported {
		todo[k] = run[i]
	}
	fyne.Do(func() { s.finishBatch(b, todo, res.Results, runErr, res.SaveErr) })
}

// detected shows what the importer found out about a file before the run.
func (s *importScreen) detected(j *importJob, det imports.Detection, err error) {
	switch {
	case err != nil:
		s.fail(j, imports.ErrorCode(err), err)
	case det.Platform == imports.Unknown:
		j.det = &det
		s.setState(j, jobNeedsMapping)
	default:
		j.det = &det
		j.platform = det.Platform
		s.setState(j, jobWaiting)
	}
}

func jobPaths(js []*importJob) []string {
	paths := make([]string, len(js))
	for i, j := range js {
		paths[i] = j.path
	}
	return paths
}

// runOptions reports the importer's progress to the cards of run (the
// files handed to the importer): about 5 times a second, and each file's
// summary as soon as it is in, not at the end of the batch.
func (s *importScreen) runOptions(b *importBatch, run []*importJob) imports.Options {
	var last time.Time
	opt := imports.Options{Progress: func(p imports.Progress) {
		if s.onProgress != nil {
			s.onProgress(b, p)
		}
		now := time.Now()
		if !p.Done && now.Sub(last) < progressEvery {
			return
		}
		last = now
		if p.FileIndex < 0 || p.FileIndex >= len(run) {
			return
		}
		j := run[p.FileIndex]
		fyne.Do(func() { s.progress(j, p) })
	}}
	byPath := make(map[string]*importJob, len(run))
	for _, j := range run {
		byPath[j.path] = j
	}
	opt.FileDone = func(r imports.Result) {
		j := byPath[r.File]
		if j == nil || r.Status != imports.StatusOK {
			return
		}
		fyne.Do(func() {
			res := r
			j.res = &res
			if r.Platform != "" {
				j.platform = r.Platform
			}
			j.state = jobDone
			j.code, j.err = "", nil
			j.view.update()
		})
	}
	return opt
}

func (s *importScreen) setState(j *importJob, st jobState) {
	if j.state.final() {
		return
	}
	j.state = st
	j.view.update()
}

func (s *importScreen) progress(j *importJob, p imports.Progress) {
	if j.state.final() {
		return
	}
	j.prog = p
	if p.Platform != "" {
		j.platform = p.Platform
	}
	j.state = jobImporting
	if p.Done {
		j.state = jobRead
	}
	j.view.update()
}

func (s *importScreen) fail(j *importJob, code string, err error) {
	j.code, j.err = code, err
	j.state = jobFailed
	if code == imports.CodeCancelled {
		j.state = jobCancelled
	}
	j.view.update()
}

func (s *importScreen) finishBatch(b *importBatch, todo []*importJob, results []imports.Result, runErr, saveErr error) {
	defer s.busy.Add(-1)
	for i, j := range todo {
		if i < len(results) {
			r := results[i]
			j.res = &r
			if r.Platform != "" {
				j.platform = r.Platform
			}
			switch r.Status {
			case imports.StatusOK:
				j.state = jobDone
				j.code, j.err = "", nil
			default:
				s.fail(j, r.Code, r.Err)
			}
			j.view.update()
		} else if runErr != nil {
			s.fail(j, imports.ErrorCode(runErr), runErr)
		}
	}
	cancelled := b.ctx.Err() != nil
	// The importer stops its whole run on a cancel; the user cancelled
	// one file, so the files that did not get their turn run again.
	var again []*importJob
	userCancel := false
	for _, j := range b.jobs {
		userCancel = userCancel || j.userCancel
	}
	for _, j := range b.jobs {
		if !cancelled || j.userCancel || !userCancel || s.u.Ctx().Err() != nil {
			continue
		}
		if !j.state.final() && j.state != jobNeedsMapping || j.state == jobCancelled && !j.skip {
			again = append(again, j)
		}
	}
	for _, j := range b.jobs {
		if !j.state.final() && j.state != jobNeedsMapping && !contains(again, j) {
			if cancelled {
				s.fail(j, imports.CodeCancelled, context.Canceled)
			} else {
				s.fail(j, imports.CodeIO, runErr)
			}
		}
	}
	if len(again) > 0 {
		nb := &importBatch{jobs: again, mapping: b.mapping, signature: b.signature}
		for _, j := range again {
			j.batch, j.state, j.res, j.code, j.err = nb, jobWaiting, nil, "", nil
			j.prog = imports.Progress{}
		}
		s.pending = append([]*importBatch{nb}, s.pending...)
	}
	b.cancel()
	s.running = nil
	for _, j := range again {
		j.view.update()
	}
	anyOK := false
	for _, j := range b.jobs {
		if j.state == jobDone {
			anyOK = true
			if saveErr != nil {
				j.err = saveErr
			}
			j.view.update()
		}
	}
	if anyOK {
		s.busy.Add(1)
		s.u.Recompute(func() {
			defer s.busy.Add(-1)
			s.hist.reload()
		})
	}
	s.hist.reload()
	if s.mapping == nil {
		for _, j := range b.jobs {
			if j.state == jobNeedsMapping {
				s.openMapping(j)
				break
			}
		}
	}
	s.startNext()
}

func contains(js []*importJob, j *importJob) bool {
	for _, x := range js {
		if x == j {
			return true
		}
	}
	return false
}

// cancel stops one file. A file still queued is taken out of its batch.
// The file being imported stops and rolls back; as the importer stops its
// whole run on a cancel, the files after it are queued again as a new run
// (see finishBatch).
func (s *importScreen) cancel(j *importJob) {
	b := j.batch
	if b == nil || j.state.final() {
		return
	}
	if s.running == b {
		j.userCancel = true
		b.cancel()
		return
	}
	for i, o := range b.jobs {
		if o == j {
			b.jobs = append(b.jobs[:i:i], b.jobs[i+1:]...)
			break
		}
	}
	if len(b.jobs) == 0 {
		for i, p := range s.pending {
			if p == b {
				s.pending = append(s.pending[:i:i], s.pending[i+1:]...)
				break
			}
		}
	}
	s.fail(j, imports.CodeCancelled, context.Canceled)
}

// clearFinished removes the cards of files that are done.
func (s *importScreen) clearFinished() {
	var keep []*importJob
	stay := map[fyne.CanvasObject]bool{}
	for _, j := range s.jobs {
		if !j.state.final() {
			keep = append(keep, j)
			stay[j.view.root] = true
		}
	}
	var objs []fyne.CanvasObject
	for _, o := range s.jobsBox.Objects {
		if stay[o] {
			objs = append(objs, o)
		}
	}
	s.jobsBox.Objects = objs
	s.jobsBox.Refresh()
	s.jobs = keep
	if len(keep) == 0 {
		s.jobsHead.Hide()
	}
	s.compactDrop()
}

// compactDrop makes the drop zone big while nothing is listed.
func (s *importScreen) compactDrop() {
	l := s.dropBox.Layout.(*impMinHeight)
	if len(s.jobs) == 0 {
		l.h = 240
		s.drop.Hint = lang.X("import.drop.hint", "支持 .xlsx 和 .csv，可以一次拖入多个文件；也可以点这里选择文件")
	} else {
		l.h = 0
		s.drop.Hint = ""
	}
	s.drop.Refresh()
	s.dropBox.Refresh()
}

func (s *importScreen) pick() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			s.showError(vocab.ImportError(imports.CodeIO), err)
			return
		}
		if rc == nil {
			return // the user closed the dialog
		}
		// Only the path is wanted: the importer opens the file itself.
		if err := rc.Close(); err != nil {
			log.Printf("import: close %s: %v", rc.URI(), err)
		}
		s.ReceiveFiles([]string{kit.URIPath(rc.URI())})
	}, s.u.Win())
	d.SetFilter(storage.NewExtensionFileFilter(imports.Extensions))
	d.SetConfirmText(lang.X("import.pick.confirm", "导入"))
	d.Resize(impDialogSize(s.u.Win()))
	d.Show()
}

func (s *importScreen) pickFolder() {
	d := dialog.NewFolderOpen(func(lu fyne.ListableURI, err error) {
		if err != nil {
			s.showError(vocab.ImportError(imports.CodeIO), err)
			return
		}
		if lu == nil {
			return // the user closed the dialog
		}
		s.ReceiveFiles([]string{kit.URIPath(lu)})
	}, s.u.Win())
	d.SetConfirmText(lang.X("import.pickdir.confirm", "导入文件夹里的表格"))
	d.Resize(impDialogSize(s.u.Win()))
	d.Show()
}

// impDialogSize is a dialog size that fits the window.
func impDialogSize(w fyne.Window) fyne.Size {
	c := w.Canvas().Size()
	return fyne.NewSize(min(900, c.Width*0.9), min(620, c.Height*0.9))
}

// impMinHeight stacks its objects at full width and at least h high.
type impMinHeight struct{ h float32 }

func (l *impMinHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *impMinHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	s.Height = max(s.Height, l.h)
	return s
}

var _ fyne.Layout = (*impMinHeight)(nil)
