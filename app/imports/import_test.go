package imports

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/app/kit/kittest"
	"huitouke/data"
	"huitouke/data/imports"
	"huitouke/resources/vocab"
)

// truthOf reads the figures a sample file must give from testdata/truth.json
// (a copy of the shared truth, computed independently of the importer).
func truthOf(t *testing.T, file string) (orders, customers int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Files []struct {
			File      string `json:"file"`
			Orders    int    `json:"orders"`
			Customers int    `json:"customers"`
		} `json:"files"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Files {
		if f.File == file {
			return f.Orders, f.Customers
		}
	}
	t.Fatalf("%s not in truth.json", file)
	return 0, 0
}

// sample copies a test file into a fresh folder, as a user's download.
func sample(t *testing.T, name string) string {
	t.Helper()
	return sampleIn(t, t.TempDir(), name)
}

func sampleIn(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// newScreen builds the import screen in a stand-in shell and shows it.
func newScreen(t *testing.T) (*kittest.Shell, *importScreen) {
	t.Helper()
	u := kittest.New(t)
	s, ok := New(u).(*importScreen)
	if !ok {
		t.Fatal("the import screen is not an *importScreen")
	}
	u.Put(kit.ScreenImport, s)
	return u, s
}

// drop drops files on the window as the shell does: it brings the import
// screen to the front and hands it the files.
func drop(u *kittest.Shell, s *importScreen, paths ...string) {
	u.Show(kit.ScreenImport)
	s.ReceiveFiles(paths)
}

// settle waits until the imports (which run in goroutines) and everything
// they start are finished.
func settle(t *testing.T, s *importScreen) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for s.busy.Load() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the import screen did not settle within 90 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func counts(t *testing.T, u *kittest.Shell) data.Counts {
	t.Helper()
	c, err := u.Store().Counts(u.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func jobFor(t *testing.T, s *importScreen, base string) *importJob {
	t.Helper()
	for i := len(s.jobs) - 1; i >= 0; i-- {
		if filepath.Base(s.jobs[i].path) == base {
			return s.jobs[i]
		}
	}
	t.Fatalf("no card for %s", base)
	return nil
}

func visible(o fyne.CanvasObject) bool { return o.Visible() }

func TestDroppedFileImportsAndShowsItsFigures(t *testing.T) {
	u, s := newScreen(t)
	wantOrders, wantCustomers := truthOf(t, "taobao_orders.xlsx")

	drop(u, s, sample(t, "taobao_orders.xlsx"))
	if u.Current() != kit.ScreenImport {
		t.Fatalf("a drop left the window on %q", u.Current())
	}
	settle(t, s)

	j := jobFor(t, s, "taobao_orders.xlsx")
	if j.state != jobDone {
		t.Fatalf("state %v, reason %q, err %v", j.state, j.view.reason.Text, j.err)
	}
	if got := j.view.platform.Text; got != "淘宝/天猫" {
		t.Errorf("platform shown as %q", got)
	}
	sum := j.view.summary.Text
	for _, want := range []string{"新订单 " + kit.Grouped(wantOrders), "新客户 " + kit.Grouped(wantCustomers), "有问题的行 0"} {
		if !strings.Contains(sum, want) || !visible(j.view.summary) {
			t.Errorf("summary %q (visible %v) lacks %q", sum, visible(j.view.summary), want)
		}
	}
	if visible(j.view.cancel) || visible(j.view.progRow) {
		t.Error("a finished file still shows its cancel button or progress bar")
	}
	c := counts(t, u)
	if c.Orders != wantOrders || c.Customers != wantCustomers {
		t.Errorf("database holds %d orders, %d customers; truth.json says %d, %d", c.Orders, c.Customers, wantOrders, wantCustomers)
	}
	if len(s.hist.recs) != 1 || s.hist.recs[0].Status != imports.StatusOK || s.hist.recs[0].OrdersNew != wantOrders {
		t.Errorf("history %+v", s.hist.recs)
	}
	if s.hist.undo.Disabled() {
		t.Error("undo is disabled after an import")
	}

	// Importing the same file again updates nothing and doubles nothing.
	drop(u, s, sample(t, "taobao_orders.xlsx"))
	settle(t, s)
	if c2 := counts(t, u); c2.Orders != wantOrders {
		t.Errorf("a second import of the same file left %d orders, want %d", c2.Orders, wantOrders)
	}
	if j2 := jobFor(t, s, "taobao_orders.xlsx"); j2 == j || !strings.Contains(j2.view.summary.Text, "新订单 0") {
		t.Errorf("second import summary %q", j2.view.summary.Text)
	}

	test.Tap(j.view.customers)
	if u.Current() != kit.ScreenCustomers {
		t.Errorf("查看客户 led to %q", u.Current())
	}
}

func TestBrokenFilesSayWhatToDoAndChangeNothing(t *testing.T) {
	u, s := newScreen(t)
	drop(u, s, sample(t, "pdd_orders.csv"))
	settle(t, s)
	before := counts(t, u)
	if before.Orders == 0 {
		t.Fatal("the good file imported nothing")
	}

	broken := writeFile(t, "订单.xlsx", "this is not a zip file, only text pretending to be one")
	empty := writeFile(t, "空白.csv", "")
	pdf := writeFile(t, "发票.pdf", "%PDF-1.4")
	drop(u, s, broken, empty, pdf)
	settle(t, s)

	for _, c := range []struct{ file, want string }{
		{"订单.xlsx", "文件已损坏"},
		{"空白.csv", "文件是空的"},
		{"发票.pdf", "这不是订单表格"},
	} {
		j := jobFor(t, s, c.file)
		if j.state != jobFailed {
			t.Errorf("%s: state %v, want failed", c.file, j.state)
			continue
		}
		if !strings.Contains(j.view.reason.Text, c.want) || !visible(j.view.reason) {
			t.Errorf("%s: reason %q, want it to say %q", c.file, j.view.reason.Text, c.want)
		}
		if c.file != "发票.pdf" && (!visible(j.view.detail) || j.view.detTxt.Text == "") {
			t.Errorf("%s: no technical detail on demand", c.file)
		}
		if visible(j.view.customers) {
			t.Errorf("%s: a failed file offers 查看客户", c.file)
		}
	}
	if after := counts(t, u); after != before {
		t.Errorf("broken files changed the database: %+v → %+v", before, after)
	}
}

const mappedHeader = "单据号,买家名称,联系电话,成交日期,成交金额,货品\n"

func TestUnknownFileIsMappedOnceThenRecognised(t *testing.T) {
	u, s := newScreen(t)
	first := writeFile(t, "自建店铺.csv", mappedHeader+
		"A1001,王小明,13800000001,2026-03-05 14:22:10,128.00,龙井\n"+
		"A1002,李雷,13800000002,2026-03-06 10:00:00,58.50,普洱\n"+
		"A1003,王小明,13800000001,2026-04-01 09:30:00,99.00,白茶\n")
	drop(u, s, first)
	settle(t, s)

	j := jobFor(t, s, "自建店铺.csv")
	if j.state != jobNeedsMapping {
		t.Fatalf("unknown file: state %v (platform %q), want the mapping to be asked", j.state, j.platform)
	}
	if s.mapping != j || len(s.root.Objects) != 1 || s.root.Objects[0] == s.main {
		t.Fatal("the mapping view did not open")
	}
	view := s.root.Objects[0]
	if findLabel(view, "下次导入相同格式的文件会自动使用这个对应关系") == nil {
		t.Error("the mapping view does not say the mapping is remembered")
	}
	if counts(t, u).Orders != 0 {
		t.Fatal("an unmapped file imported orders")
	}
	choose := func(label, column string) {
		t.Helper()
		sel := findSelectAfter(view, label)
		if sel == nil {
			t.Fatalf("no select for %q", label)
		}
		sel.SetSelected(column)
	}
	// Without an order number the form refuses and says what is missing.
	choose("订单号 *", "（没有这一列）")
	test.Tap(kittest.FindButton(view, "导入"))
	if e := findLabel(view, "还需要选择"); e == nil || !strings.Contains(e.Text, "订单号") {
		t.Fatal("a mapping without order number was not refused with a reason")
	}
	choose("订单号 *", "单据号")
	choose("客户（昵称/账号） *", "买家名称")
	choose("手机号", "联系电话")
	choose("付款时间 *", "成交日期")
	choose("实付金额 *", "成交金额")
	choose("商品", "货品")
	test.Tap(kittest.FindButton(view, "导入"))
	if s.root.Objects[0] != s.main {
		t.Error("the mapping view stayed open after 导入")
	}
	settle(t, s)
	if j.state != jobDone {
		t.Fatalf("mapped import: state %v, reason %q, err %v", j.state, j.view.reason.Text, j.err)
	}
	if c := counts(t, u); c.Orders != 3 || c.Customers != 2 {
		t.Errorf("mapped file gave %d orders, %d customers; want 3, 2", c.Orders, c.Customers)
	}
	if j.view.platform.Text != "自定义列对应" {
		t.Errorf("platform shown as %q", j.view.platform.Text)
	}

	// The next file with the same columns imports without asking.
	second := writeFile(t, "自建店铺-四月.csv", mappedHeader+
		"A1004,韩梅梅,13800000003,2026-04-05 11:00:00,66.00,红茶\n"+
		"A1005,李雷,13800000002,2026-04-06 12:00:00,30.00,绿茶\n")
	drop(u, s, second)
	settle(t, s)
	j2 := jobFor(t, s, "自建店铺-四月.csv")
	if j2.state != jobDone || s.mapping != nil {
		t.Fatalf("same layout again: state %v, mapping view open %v", j2.state, s.mapping != nil)
	}
	if c := counts(t, u); c.Orders != 5 || c.Customers != 3 {
		t.Errorf("after the second mapped file: %d orders, %d customers; want 5, 3", c.Orders, c.Customers)
	}
}

func TestUndoLastImportRestoresTheRunBefore(t *testing.T) {
	u, s := newScreen(t)
	pddOrders, pddCustomers := truthOf(t, "pdd_orders.csv")
	drop(u, s, sample(t, "pdd_orders.csv"))
	settle(t, s)
	drop(u, s, sample(t, "taobao_orders.xlsx"))
	settle(t, s)
	if c := counts(t, u); c.Orders <= pddOrders {
		t.Fatalf("the second import added nothing: %+v", c)
	}

	when := shortTime(s.hist.recs[0].StartedAt)
	test.Tap(s.hist.undo)
	top := u.Win().Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("undo did not ask for confirmation")
	}
	msg := findLabelContaining(top, "taobao_orders.xlsx")
	if msg == nil || strings.Contains(msg.Text, "pdd_orders.csv") {
		t.Fatal("the confirmation does not name (only) the file of the last import")
	}
	test.Tap(kittest.FindButton(top, "撤销"))
	settle(t, s)

	c := counts(t, u)
	if c.Orders != pddOrders || c.Customers != pddCustomers {
		t.Errorf("after undo: %d orders, %d customers; want pdd's %d, %d", c.Orders, c.Customers, pddOrders, pddCustomers)
	}
	if len(s.hist.recs) != 1 || s.hist.recs[0].FileName != "pdd_orders.csv" {
		t.Errorf("history after undo: %+v", s.hist.recs)
	}
	if !strings.Contains(s.hist.status.Text, "已撤销 "+when) {
		t.Errorf("undo status %q", s.hist.status.Text)
	}
}

func TestCancelRollsTheFileBackAndImportsTheOthers(t *testing.T) {
	u, s := newScreen(t)
	pddOrders, pddCustomers := truthOf(t, "pdd_orders.csv")
	cancelled := false
	s.onProgress = func(b *importBatch, p imports.Progress) {
		if !p.Done && !cancelled && p.File == "taobao_orders.xlsx" {
			cancelled = true
			// What the file's Cancel button does, mid-file.
			s.cancel(jobFor(t, s, p.File))
		}
	}
	drop(u, s, sample(t, "taobao_orders.xlsx"), sample(t, "pdd_orders.csv"))
	settle(t, s)
	if !cancelled {
		t.Fatal("no progress was reported before the end of the file")
	}
	j := jobFor(t, s, "taobao_orders.xlsx")
	if j.state != jobCancelled || !strings.Contains(j.view.reason.Text, "已取消，数据没有改变") {
		t.Fatalf("state %v, reason %q", j.state, j.view.reason.Text)
	}
	if other := jobFor(t, s, "pdd_orders.csv"); other.state != jobDone {
		t.Errorf("the file dropped with the cancelled one: state %v, reason %q", other.state, other.view.reason.Text)
	}
	if c := counts(t, u); c.Orders != pddOrders || c.Customers != pddCustomers {
		t.Errorf("after cancelling taobao: %d orders, %d customers; want pdd's %d, %d", c.Orders, c.Customers, pddOrders, pddCustomers)
	}
}

func TestCancelQueuedFileKeepsItOut(t *testing.T) {
	u, s := newScreen(t)
	s.gate = make(chan struct{})
	pddOrders, _ := truthOf(t, "pdd_orders.csv")
	drop(u, s, sample(t, "pdd_orders.csv"))
	drop(u, s, sample(t, "taobao_orders.xlsx")) // queued behind pdd
	queued := jobFor(t, s, "taobao_orders.xlsx")
	if !visible(queued.view.cancel) || queued.view.state.Text != "等待前面的文件" {
		t.Fatalf("queued file shows %q, cancel visible %v", queued.view.state.Text, visible(queued.view.cancel))
	}
	test.Tap(queued.view.cancel)
	close(s.gate)
	settle(t, s)
	if queued.state != jobCancelled {
		t.Errorf("cancelled queued file is %v", queued.state)
	}
	if j := jobFor(t, s, "pdd_orders.csv"); j.state != jobDone {
		t.Errorf("the running file was hit by the other cancel: %v", j.state)
	}
	if c := counts(t, u); c.Orders != pddOrders {
		t.Errorf("%d orders, want pdd's %d only", c.Orders, pddOrders)
	}
}

func TestDroppedFolderImportsLineReportAfterOrders(t *testing.T) {
	u, s := newScreen(t)
	wantOrders, _ := truthOf(t, "taobao_orders.xlsx")
	dir := t.TempDir()
	// The line report sorts first by name; it must still go second.
	sampleIn(t, dir, "taobao_items.xlsx")
	sampleIn(t, dir, "taobao_orders.xlsx")
	if err := os.WriteFile(filepath.Join(dir, "说明.txt"), []byte("not a spreadsheet"), 0o644); err != nil {
		t.Fatal(err)
	}
	drop(u, s, dir)
	settle(t, s)
	if len(s.jobs) != 2 {
		t.Fatalf("a folder of two spreadsheets gave %d cards", len(s.jobs))
	}
	items := jobFor(t, s, "taobao_items.xlsx")
	if items.state != jobDone || items.res.RowsRejected != 0 {
		t.Fatalf("line report: state %v, rejected %v (imported before the orders?)", items.state, items.res)
	}
	if !strings.Contains(items.view.summary.Text, "商品明细") {
		t.Errorf("line report summary %q does not mention the product lines it added", items.view.summary.Text)
	}
	if c := counts(t, u); c.Orders != wantOrders {
		t.Errorf("%d orders, want %d", c.Orders, wantOrders)
	}

	// A folder without spreadsheets says so.
	drop(u, s, t.TempDir())
	settle(t, s)
	last := s.jobs[len(s.jobs)-1]
	if last.state != jobFailed || !strings.Contains(last.view.reason.Text, "没有 .xlsx 或 .csv") {
		t.Errorf("empty folder: state %v, reason %q", last.state, last.view.reason.Text)
	}
}

func TestGuessMapping(t *testing.T) {
	for _, c := range []struct {
		headers []string
		want    map[string]string
	}{
		{[]string{"订单号", "买家昵称", "手机号码", "付款时间", "实付金额", "退款金额", "商品名称"},
			map[string]string{"order_no": "订单号", "customer": "买家昵称", "phone": "手机号码", "paid_time": "付款时间",
				"amount": "实付金额", "refund": "退款金额", "product": "商品名称"}},
		{[]string{"Order ID", "Customer", "Email", "Order Date", "Total", "Status"},
			map[string]string{"order_no": "Order ID", "customer": "Customer", "email": "Email", "created_time": "Order Date",
				"amount": "Total", "status": "Status"}},
		// A payment *amount* is not a payment time, a refund is not the amount.
		{[]string{"付款金额", "付款时间", "退款"}, map[string]string{"amount": "付款金额", "paid_time": "付款时间", "refund": "退款"}},
		{nil, map[string]string{}},
	} {
		got := guessMapping(c.headers)
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%v: %s guessed %q, want %q", c.headers, k, got[k], v)
			}
		}
		for k, v := range got {
			if _, ok := c.want[k]; !ok {
				t.Errorf("%v: unexpected guess %s=%q", c.headers, k, v)
			}
		}
	}
}

func TestMappingFieldsAreTheImportersFields(t *testing.T) {
	known := map[string]bool{}
	for _, f := range imports.MappingFields {
		known[f] = true
	}
	for _, f := range mapFields() {
		if !known[f.key] {
			t.Errorf("mapping screen field %q is not an importer mapping field", f.key)
		}
	}
}

func FuzzGuessMapping(f *testing.F) {
	f.Add("订单号,买家昵称,付款时间,实付金额")
	f.Add("Order,,Total,total,日期")
	f.Fuzz(func(t *testing.T, line string) {
		headers := strings.Split(line, ",")
		got := guessMapping(headers)
		seen := map[string]bool{}
		for _, h := range got {
			found := false
			for _, x := range headers {
				found = found || x == h
			}
			if !found || strings.TrimSpace(h) == "" {
				t.Fatalf("guessed %q, not a header of %q", h, line)
			}
			if seen[h] {
				// Only identical header names may be picked twice.
				n := 0
				for _, x := range headers {
					if x == h {
						n++
					}
				}
				if n < 2 {
					t.Fatalf("column %q guessed for two fields", h)
				}
			}
			seen[h] = true
		}
	})
}

func TestImportNumbersAndTimes(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"}, {-12345, "-12,345"}} {
		if got := kit.Grouped(c.n); got != c.want {
			t.Errorf("kit.Grouped(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	for _, c := range []struct {
		d    time.Duration
		want string
	}{{300 * time.Millisecond, "1 秒"}, {42 * time.Second, "42 秒"}, {61 * time.Second, "2 分钟"}, {2 * time.Hour, "2.0 小时"}} {
		if got := impDuration(c.d); got != c.want {
			t.Errorf("impDuration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func findLabel(o fyne.CanvasObject, prefix string) *widget.Label {
	var found *widget.Label
	kittest.Walk(o, func(c fyne.CanvasObject) {
		if l, ok := c.(*widget.Label); ok && found == nil && l.Visible() && strings.HasPrefix(l.Text, prefix) {
			found = l
		}
	})
	return found
}

func findLabelContaining(o fyne.CanvasObject, part string) *widget.Label {
	var found *widget.Label
	kittest.Walk(o, func(c fyne.CanvasObject) {
		if l, ok := c.(*widget.Label); ok && found == nil && strings.Contains(l.Text, part) {
			found = l
		}
	})
	return found
}

// findSelectAfter finds the select of the form item labelled label.
func findSelectAfter(o fyne.CanvasObject, label string) *widget.Select {
	var found *widget.Select
	kittest.Walk(o, func(c fyne.CanvasObject) {
		f, ok := c.(*widget.Form)
		if !ok || found != nil {
			return
		}
		for _, it := range f.Items {
			if it.Text == label {
				found, _ = it.Widget.(*widget.Select)
			}
		}
	})
	return found
}

// Every reason the importer can give has its own sentence on screen (a new
// reason would otherwise show as its bare code).
func TestEveryRejectReasonIsWorded(t *testing.T) {
	for _, reason := range imports.RejectReasons {
		if got := vocab.Reject(reason); got == reason || got == "" {
			t.Errorf("reject reason %q has no wording", reason)
		}
	}
}

// Every code a file can fail with has its own sentence (a new code would
// otherwise read as "cannot read the file").
func TestEveryFailureCodeIsWorded(t *testing.T) {
	io := vocab.ImportError(imports.CodeIO)
	for _, code := range imports.ErrorCodes {
		if got := vocab.ImportError(code); code != imports.CodeIO && (got == io || got == "") {
			t.Errorf("failure code %q has no wording of its own", code)
		}
	}
}
