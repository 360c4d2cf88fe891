package imports

import "testing"

func TestGenderFromGenderOrTitleCell(t *testing.T) {
	for in, want := range map[string]string{
		"男": "m", "女": "f", " 女 ": "f", "Male": "m", "female": "f", "1": "m", "2": "f",
		"先生": "m", "女士": "f", "小姐": "f", "Mr.": "m", "Mrs": "f", "Ms.": "f", "MISS": "f",
		"未知": "", "保密": "", "": "", "王女士": "", "张伟": "",
	} {
		if got := Gender(in); got != want {
			t.Errorf("Gender(%q) = %q, want %q", in, got, want)
		}
	}
}
