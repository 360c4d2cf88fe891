package settings

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data"
	"huitouke/resources/vocab"
)

type settingsScreen struct {
	u       Shell
	root    fyne.CanvasObject
	shop    *widget.Entry
	shopErr *widget.Label // why the shop name was not read or saved; hidden when it was
	loading bool          // Shown is filling the fields: nothing to save
	agent   *widget.Entry
	backups *widget.List
	items   []data.Backup
	status  *widget.Label
}

// New builds the Settings screen: the shell's own cards (shop and agent, language and
// look, data file, backups), then the sections the features provide (segment thresholds,
// call rules …), built in the order given.
func New(u Shell, sections ...func() fyne.CanvasObject) kit.Screen {
	s := &settingsScreen{u: u}
	cards := []fyne.CanvasObject{s.shopCard(), s.lookCard(), s.dataCard(), s.backupCard()}
	for _, build := range sections {
		cards = append(cards, build())
	}
	s.root = container.NewVScroll(container.NewVBox(cards...))
	return s
}

// shopCard holds the shop's name (stored with the data) and the agent's (kept per PC).
func (s *settingsScreen) shopCard() fyne.CanvasObject {
	u := s.u
	s.shop = widget.NewEntry()
	s.shop.SetPlaceHolder(lang.X("settings.shop.placeholder", "例如：山间茶铺"))
	s.shopErr = widget.NewLabel("")
	s.shopErr.Wrapping = fyne.TextWrapWord
	s.shopErr.Importance = widget.DangerImportance
	s.shopErr.Hide()
	s.shop.OnChanged = func(v string) {
		if s.loading {
			return
		}
		err := u.Store().SetSetting(u.Ctx(), data.SettingShopName, strings.TrimSpace(v))
		s.showShopError(lang.X("settings.shop.failed", "店铺名称没有保存：请检查数据库文件能否写入。"), err)
	}
	s.agent = widget.NewEntry()
	s.agent.SetPlaceHolder(lang.X("settings.agent.placeholder", "例如：小王"))
	s.agent.OnChanged = func(v string) { u.App().Preferences().SetString(kit.PrefAgent, strings.TrimSpace(v)) }
	shopForm := widget.NewForm(
		widget.NewFormItem(lang.X("settings.shop", "店铺名称"), s.shop),
		widget.NewFormItem(lang.X("settings.agent", "客服名字"), s.agent),
	)
	shopForm.Items[1].HintText = lang.X("settings.agent.hint", "回访话术里的 {客服名}，每台电脑各自保存")

	return widget.NewCard(lang.X("settings.shopcard", "店铺与客服"), "", container.NewVBox(shopForm, s.shopErr))
}

// dataCard says where the data file is.
func (s *settingsScreen) dataCard() fyne.CanvasObject {
	u := s.u
	dbPath := widget.NewLabel(u.Store().Path())
	dbPath.Wrapping = fyne.TextWrapBreak
	dbPath.Selectable = true
	openDir := widget.NewButtonWithIcon(lang.X("settings.db.open", "打开所在文件夹"), theme.FolderOpenIcon(), func() {
		s.openFolder(u.Store().Dir())
	})
	return widget.NewCard(lang.X("settings.db", "数据位置"), lang.X("settings.db.sub", "所有数据只保存在这台电脑上，不会上传。"),
		container.NewVBox(dbPath, container.NewHBox(openDir)))

}

// backupCard lists this database's backups, makes one and restores the chosen one.
func (s *settingsScreen) backupCard() fyne.CanvasObject {
	u := s.u
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.backups = widget.NewList(
		func() int { return len(s.items) },
		func() fyne.CanvasObject { return widget.NewLabel("2026-11-15 20:00  import  1.2 MB") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			b := s.items[id]
			o.(*widget.Label).SetText(fmt.Sprintf("%s   %s   %s", b.Created.Format("2006-01-02 15:04:05"), vocab.BackupReason(b.Reason), vocab.FileSize(b.Size)))
		},
	)
	selected := -1
	s.backups.OnSelected = func(id widget.ListItemID) { selected = id }
	s.backups.OnUnselected = func(widget.ListItemID) { selected = -1 }
	backupNow := widget.NewButtonWithIcon(lang.X("settings.backup.now", "立即备份"), theme.DocumentSaveIcon(), func() {
		b, err := u.Store().Backup(u.Ctx(), "manual")
		if err != nil {
			s.status.SetText(lang.X("settings.backup.failed", "备份失败：请检查磁盘空间和文件夹权限。") + "\n" + err.Error())
			return
		}
		s.status.SetText(lang.X("settings.backup.done", "已备份到 {{.Name}}", map[string]any{"Name": b.Name}))
		s.reloadBackups()
	})
	restore := widget.NewButtonWithIcon(lang.X("settings.backup.restore", "恢复选中的备份…"), theme.HistoryIcon(), func() {
		if selected < 0 || selected >= len(s.items) {
			s.status.SetText(lang.X("settings.backup.choose", "请先在列表里选中一个备份。"))
			return
		}
		s.confirmRestore(s.items[selected])
	})
	openBackups := widget.NewButtonWithIcon(lang.X("settings.backup.folder", "打开备份文件夹"), theme.FolderOpenIcon(), func() {
		s.openFolder(u.Store().BackupDir())
	})
	backupList := container.NewGridWrap(fyne.NewSize(520, 180), s.backups)
	return widget.NewCard(lang.X("settings.backup", "备份"),
		lang.X("settings.backup.sub", "每次导入前自动备份，保留最近 {{.N}} 份。", map[string]any{"N": data.KeepBackups}),
		container.NewVBox(backupList, container.NewHBox(backupNow, restore, openBackups), s.status))

}

// lookCard chooses the language and light or dark.
func (s *settingsScreen) lookCard() fyne.CanvasObject {
	u := s.u
	language := widget.NewSelect([]string{
		lang.X("settings.lang.system", "跟随系统"), "中文", "English",
	}, nil)
	langCodes := []string{"", "zh", "en"}
	cur := u.App().Preferences().String(kit.PrefLanguage)
	for i, c := range langCodes {
		if c == cur {
			language.SetSelectedIndex(i)
		}
	}
	language.OnChanged = func(string) {
		u.App().Preferences().SetString(kit.PrefLanguage, langCodes[language.SelectedIndex()])
	}
	themeSel := widget.NewSelect([]string{
		lang.X("settings.theme.system", "跟随系统"), lang.X("settings.theme.light", "浅色"), lang.X("settings.theme.dark", "深色"),
	}, nil)
	themeCodes := []string{"", "light", "dark"}
	curTheme := u.App().Preferences().String(kit.PrefThemeMode)
	for i, c := range themeCodes {
		if c == curTheme {
			themeSel.SetSelectedIndex(i)
		}
	}
	themeSel.OnChanged = func(string) {
		mode := themeCodes[themeSel.SelectedIndex()]
		u.App().Preferences().SetString(kit.PrefThemeMode, mode)
		kit.ApplyTheme(u.App())
	}
	lookForm := widget.NewForm(
		widget.NewFormItem(lang.X("settings.lang", "界面语言"), language),
		widget.NewFormItem(lang.X("settings.theme", "外观"), themeSel),
	)
	lookForm.Items[0].HintText = lang.X("settings.lang.hint", "重新打开回头客后生效；命令行可用 --lang zh 或 --lang en")

	return widget.NewCard(lang.X("settings.look", "语言与外观"), "", lookForm)
}

func (s *settingsScreen) Object() fyne.CanvasObject { return s.root }

func (s *settingsScreen) Shown() {
	name, err := s.u.Store().Setting(s.u.Ctx(), data.SettingShopName, "")
	s.loading = true
	s.shop.SetText(name)
	s.loading = false
	s.showShopError(lang.X("settings.shop.readfailed", "读不到已保存的店铺名称：请检查数据库文件是否完好。"), err)
	s.agent.SetText(s.u.AgentName())
	s.reloadBackups()
}

func (s *settingsScreen) reloadBackups() {
	items, err := s.u.Store().Backups()
	if err != nil {
		s.status.SetText(lang.X("settings.backup.listfailed", "无法读取备份列表：请检查备份文件夹的权限。") + "\n" + err.Error())
	}
	s.items = items
	s.backups.UnselectAll()
	s.backups.Refresh()
}

func (s *settingsScreen) confirmRestore(b data.Backup) {
	msg := lang.X("settings.restore.confirm", "用 {{.When}} 的备份替换现在的数据？\n现在的数据会先另存一份备份，可以再恢复回来。",
		map[string]any{"When": b.Created.Format("2006-01-02 15:04:05")})
	dialog.ShowConfirm(lang.X("settings.restore.title", "恢复备份"), msg, func(ok bool) {
		if !ok {
			return
		}
		s.u.CloseCards() // cards show customers of the data being replaced
		if err := s.u.Store().Restore(s.u.Ctx(), b.Path); err != nil {
			dialog.ShowError(fmt.Errorf("%s\n%v", lang.X("settings.restore.failed", "恢复失败，现在的数据没有改变。"), err), s.u.Win())
			return
		}
		s.status.SetText(lang.X("settings.restore.done", "已恢复 {{.When}} 的备份。", map[string]any{"When": b.Created.Format("2006-01-02 15:04:05")}))
		s.reloadBackups()
		s.u.DataChanged()
	}, s.u.Win())
}

// showShopError shows msg and err under the shop name, or hides the message when err is nil.
func (s *settingsScreen) showShopError(msg string, err error) {
	if err == nil {
		s.shopErr.Hide()
		return
	}
	s.shopErr.SetText(msg + "\n" + err.Error())
	s.shopErr.Show()
}

func (s *settingsScreen) openFolder(dir string) {
	u := &url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}
	if err := s.u.App().OpenURL(u); err != nil {
		s.status.SetText(dir)
	}
}
