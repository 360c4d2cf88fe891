package xlsx

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSheetWritesHeaderRowsAndWidths(t *testing.T) {
	for _, tc := range []struct {
		name, sheet, want string
	}{
		{"default name", "", "Sheet1"},
		{"named", "名单", "名单"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out.xlsx")
			s, err := NewSheet(tc.sheet, []float64{0, 22}, []string{"姓名", "手机号"})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Row([]any{"张三", excelize.Cell{Value: "013800138000"}}); err != nil {
				t.Fatal(err)
			}
			if err := s.Row([]any{"李四", 42}); err != nil {
				t.Fatal(err)
			}
			if err := s.Save(path); err != nil {
				t.Fatal(err)
			}
			s.Close()

			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{tc.want}) {
				t.Fatalf("sheets %v, want [%s]", got, tc.want)
			}
			rows, err := f.GetRows(tc.want)
			if err != nil {
				t.Fatal(err)
			}
			want := [][]string{{"姓名", "手机号"}, {"张三", "013800138000"}, {"李四", "42"}}
			if !reflect.DeepEqual(rows, want) {
				t.Errorf("rows %q, want %q", rows, want)
			}
			if w, _ := f.GetColWidth(tc.want, "B"); w != 22 {
				t.Errorf("column B width %v, want 22", w)
			}
		})
	}
}
