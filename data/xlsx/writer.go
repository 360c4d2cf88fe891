// Package xlsxout writes the one-sheet Excel workbooks the exports produce (customer lists,
// segments, call lists, rejected import rows): a header row, then rows streamed in order, so
// a large list never sits in memory twice.
package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Sheet is a new workbook with one sheet being written row by row.
type Sheet struct {
	f    *excelize.File
	sw   *excelize.StreamWriter
	rows int // rows written, the header included
}

// New starts a workbook whose only sheet is called name ("" keeps Excel's "Sheet1"), sets
// the widths of the first columns (0 leaves a column at Excel's default) and writes the
// header row. Close it when done, saved or not.
func NewSheet(name string, widths []float64, headers []string) (*Sheet, error) {
	f := excelize.NewFile()
	s := &Sheet{f: f}
	sheet := f.GetSheetName(0)
	if name != "" && name != sheet {
		if err := f.SetSheetName(sheet, name); err != nil {
			f.Close()
			return nil, err
		}
		sheet = name
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		f.Close()
		return nil, err
	}
	s.sw = sw
	for i, w := range widths {
		if w <= 0 {
			continue
		}
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			f.Close()
			return nil, err
		}
	}
	head := make([]any, len(headers))
	for i, h := range headers {
		head[i] = h
	}
	if err := s.Row(head); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// File is the workbook, for styles (File().NewStyle) and custom saving (File().WriteTo
// after Flush).
func (s *Sheet) File() *excelize.File { return s.f }

// Row writes the next row. Values are written as excelize writes them: a string that looks
// like a number stays text only when wrapped in excelize.Cell{Value: s}.
func (s *Sheet) Row(vals []any) error {
	cell, err := excelize.CoordinatesToCellName(1, s.rows+1)
	if err != nil {
		return err
	}
	if err := s.sw.SetRow(cell, vals); err != nil {
		return err
	}
	s.rows++
	return nil
}

// Flush ends the sheet; no row can be written after it.
func (s *Sheet) Flush() error { return s.sw.Flush() }

// Save flushes the sheet and writes the workbook to path (.xlsx).
func (s *Sheet) Save(path string) error {
	if err := s.Flush(); err != nil {
		return err
	}
	if err := s.f.SaveAs(path); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return nil
}

// Close releases the workbook's temporary files.
func (s *Sheet) Close() error { return s.f.Close() }
