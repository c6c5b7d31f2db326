#!/usr/bin/env python3
"""住房公积金柜面业务客户端 — the sandbox's desktop counter client (GTK 3).

A teller (or a desktop bot over AT-SPI) enters a retirement withdrawal: 身份证号码, 姓名, 退休审批编号,
银行卡号, 开户银行, 综窗受理编号, and attaches the withdrawer's 身份证扫描件 (选择文件… opens a GTK file chooser; the
chosen file's name shows beside the button). 查询 looks for an existing withdrawal by 综窗受理编号 or 身份证号码, 提交
sends it with the scan to the centre's back end (the sandbox's local store endpoint), the result and any business error
show in the window. Every widget carries an accessible name so AT-SPI tools see the same labels as a person.

With --dialog contact it shows only the 联系方式变更登记 dialog instead: 身份证号码, 姓名 and 联系电话, 确定 and
取消. 确定 sends the values and waits for the answer with the window frozen, as the old client does; when the centre
has stored them the dialog closes and the program ends, leaving nothing on screen to read or search. An error
answer shows in 错误提示 and the dialog stays open.

Run: python3 counter_client.py --url http://127.0.0.1:PORT/ --user rpa_counter --password ... [--dialog contact]
Needs Debian python3-gi and gir1.2-gtk-3.0, and an X display (Xvfb works).
"""
import argparse
import base64
import json
import os
import threading
import urllib.error
import urllib.parse
import urllib.request

import gi

gi.require_version("Atk", "1.0")
gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Atk, Gdk, GLib, Gtk  # noqa: E402

TITLE = "住房公积金柜面业务客户端"
FIELDS = [
    ("externalNo", "综窗受理编号"),
    ("idNumber", "身份证号码"),
    ("name", "姓名"),
    ("retirementApprovalNo", "退休审批编号"),
    ("bankCardNo", "银行卡号"),
    ("bankName", "开户银行"),
]
# The copy of the ID card the counter keeps with a withdrawal (the retirement itself is checked against 人社's data).
ATTACHMENT = ("idCardScan", "身份证扫描件")
NO_FILE = "未选择文件"
DIALOG_TITLE = "联系方式变更登记"
CONTACT_FIELDS = [
    ("idNumber", "身份证号码"),
    ("name", "姓名"),
    ("phone", "联系电话"),
]


class Backend:
    def __init__(self, url, user, password, timeout=30):
        self.url = url if url.endswith("/") else url + "/"
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self.headers = {"Authorization": "Basic " + token, "Accept": "application/json"}
        self.timeout = timeout

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = dict(self.headers)
        if data is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8", "replace")
            try:
                return error.code, json.loads(text)
            except ValueError:
                if error.code == 503:
                    return 503, {"error": "系统维护中，暂停服务（HTTP 503）"}
                return error.code, {"error": f"服务器错误（HTTP {error.code}），请稍后重试"}
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return 0, {"error": f"无法连接业务服务器：{error}"}

    def search(self, external_no, id_number):
        query = urllib.parse.urlencode({"externalNo": external_no, "idNumber": id_number})
        return self._call("GET", "api/withdrawals?" + query)

    def submit(self, values):
        return self._call("POST", "api/withdrawals", values)

    def register_contact(self, values):
        return self._call("POST", "api/contacts", values)


def named(widget, name, description=None):
    accessible = widget.get_accessible()
    accessible.set_name(name)
    if description:
        accessible.set_description(description)
    return widget


def field_grid(fields):
    """A grid of labelled entries; each entry carries the label as its accessible name and the field as its id."""
    grid = Gtk.Grid(column_spacing=10, row_spacing=6, margin=10)
    entries = {}
    for row, (key, label_text) in enumerate(fields):
        label = Gtk.Label(label=label_text + "：", xalign=1)
        entry = named(Gtk.Entry(width_chars=30), label_text)
        entry.set_name(key)  # widget name = contract field name, for GtkInspector users
        if hasattr(entry.get_accessible(), "set_accessible_id"):  # ATK 2.34+: AT-SPI's AccessibleId
            entry.get_accessible().set_accessible_id(key)
        label.set_mnemonic_widget(entry)
        grid.attach(label, 0, row, 1, 1)
        grid.attach(entry, 1, row, 1, 1)
        entries[key] = entry
    return grid, entries


def error_label(screen):
    """The 错误提示 label: business and server errors, red and bold, starting with 提示：."""
    label = named(Gtk.Label(label="", xalign=0, selectable=True), "错误提示")
    label.set_line_wrap(True)
    label.get_style_context().add_class("error")
    css = Gtk.CssProvider()
    css.load_from_data(b"label.error { color: #c00000; font-weight: bold; }")
    Gtk.StyleContext.add_provider_for_screen(screen, css, Gtk.STYLE_PROVIDER_PRIORITY_APPLICATION)
    return label


class CounterWindow(Gtk.Window):
    def __init__(self, backend, operator):
        super().__init__(title=TITLE)
        named(self, TITLE)
        self.backend = backend
        self.set_default_size(620, 520)
        self.set_border_width(12)
        self.connect("destroy", Gtk.main_quit)

        outer = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=8)
        self.add(outer)
        header = Gtk.Label()
        header.set_markup(f"<big><b>{TITLE}</b></big>  业务：住房公积金提取（离休、退休）  柜员：{GLib.markup_escape_text(operator)}")
        header.set_xalign(0)
        outer.pack_start(header, False, False, 0)

        frame = named(Gtk.Frame(label="提取信息"), "提取信息")
        outer.pack_start(frame, False, False, 0)
        grid, self.entries = field_grid(FIELDS)
        frame.add(grid)

        attachment_frame = named(Gtk.Frame(label="附件"), "附件")
        outer.pack_start(attachment_frame, False, False, 0)
        row = Gtk.Box(spacing=8, margin=10)
        attachment_frame.add(row)
        row.pack_start(Gtk.Label(label=ATTACHMENT[1] + "：", xalign=1), False, False, 0)
        self.choose_button = named(Gtk.Button(label="选择文件…"), "选择文件…", "选择" + ATTACHMENT[1] + "（PDF、JPG、PNG，不超过5MB）")
        row.pack_start(self.choose_button, False, False, 0)
        self.file_label = named(Gtk.Label(label=NO_FILE, xalign=0, selectable=True), ATTACHMENT[1] + "文件名")
        row.pack_start(self.file_label, False, False, 0)
        self.choose_button.connect("clicked", self.on_choose)
        self.attachment_path = None

        buttons = Gtk.Box(spacing=8)
        outer.pack_start(buttons, False, False, 0)
        self.search_button = named(Gtk.Button(label="查询"), "查询", "按综窗受理编号或身份证号码查询已办理的提取业务")
        self.submit_button = named(Gtk.Button(label="提交"), "提交", "提交提取申请")
        self.clear_button = named(Gtk.Button(label="清空"), "清空")
        for button in (self.search_button, self.submit_button, self.clear_button):
            buttons.pack_start(button, False, False, 0)
        self.search_button.connect("clicked", self.on_search)
        self.submit_button.connect("clicked", self.on_submit)
        self.clear_button.connect("clicked", self.on_clear)

        result_frame = named(Gtk.Frame(label="办理结果"), "办理结果")
        outer.pack_start(result_frame, False, False, 0)
        result_grid = Gtk.Grid(column_spacing=10, row_spacing=6, margin=10)
        result_frame.add(result_grid)
        self.status = named(Gtk.Label(label="", xalign=0, selectable=True), "办理状态")
        self.withdrawal_no = named(Gtk.Label(label="", xalign=0, selectable=True), "提取业务编号")
        self.amount = named(Gtk.Label(label="", xalign=0, selectable=True), "提取金额（元）")
        self.receipt_no = named(Gtk.Label(label="", xalign=0, selectable=True), "受理编号")
        for row, (caption, widget) in enumerate([("办理状态：", self.status), ("提取业务编号：", self.withdrawal_no),
                                                  ("提取金额（元）：", self.amount), ("受理编号：", self.receipt_no)]):
            result_grid.attach(Gtk.Label(label=caption, xalign=1), 0, row, 1, 1)
            result_grid.attach(widget, 1, row, 1, 1)

        self.error = error_label(self.get_screen())
        outer.pack_start(self.error, False, False, 0)

    def values(self):
        return {key: entry.get_text().strip() for key, entry in self.entries.items()}

    def show_result(self, status, withdrawal_no="", amount="", receipt_no=""):
        self.status.set_text(status)
        self.withdrawal_no.set_text(withdrawal_no)
        self.amount.set_text(amount)
        self.receipt_no.set_text(receipt_no)

    def busy(self, on):
        for button in (self.search_button, self.submit_button, self.clear_button, self.choose_button):
            button.set_sensitive(not on)

    def run_in_background(self, work, done):
        self.busy(True)
        self.error.set_text("")
        self.show_result("处理中……")

        def worker():
            result = work()
            GLib.idle_add(lambda: (self.busy(False), done(*result)) and False)

        threading.Thread(target=worker, daemon=True).start()

    def on_search(self, _button):
        v = self.values()
        if not v["externalNo"] and not v["idNumber"]:
            self.error.set_text("提示：请输入综窗受理编号或身份证号码后再查询")
            return
        self.run_in_background(lambda: self.backend.search(v["externalNo"], v["idNumber"]), self.searched)

    def searched(self, code, body):
        if code != 200:
            self.show_result("查询失败")
            self.error.set_text("提示：" + body.get("error", "查询失败"))
        elif not body:
            self.show_result("未查询到办理记录")
        else:
            latest = body[-1]
            self.show_result(f"已办理（共{len(body)}条）", latest["withdrawalNo"], latest["amount"], latest["receiptNo"])

    def on_choose(self, _button):
        """A real GTK file chooser, shown without a nested main loop so the window (and AT-SPI) keeps answering."""
        dialog = Gtk.FileChooserDialog(title="选择" + ATTACHMENT[1], parent=self, action=Gtk.FileChooserAction.OPEN, modal=True)
        named(dialog, "选择" + ATTACHMENT[1])
        dialog.add_buttons("取消", Gtk.ResponseType.CANCEL, "打开", Gtk.ResponseType.ACCEPT)
        dialog.set_default_response(Gtk.ResponseType.ACCEPT)
        scans = Gtk.FileFilter()
        scans.set_name("扫描件（PDF、JPG、PNG）")
        for pattern in ("*.pdf", "*.PDF", "*.jpg", "*.jpeg", "*.JPG", "*.JPEG", "*.png", "*.PNG"):
            scans.add_pattern(pattern)
        dialog.add_filter(scans)
        dialog.connect("response", self.chosen)
        dialog.show()

    def chosen(self, dialog, response):
        path = dialog.get_filename() if response == Gtk.ResponseType.ACCEPT else None
        dialog.destroy()
        if path:
            self.attachment_path = path
            self.file_label.set_text(os.path.basename(path))

    def attachments(self):
        """The chosen scan as the back end takes it, read when 提交 is pressed (as the old client does)."""
        if not self.attachment_path:
            return []
        with open(self.attachment_path, "rb") as scan:
            content = base64.b64encode(scan.read()).decode("ascii")
        return [{"name": ATTACHMENT[0], "fileName": os.path.basename(self.attachment_path), "content": content}]

    def on_submit(self, _button):
        v = self.values()
        try:
            v["attachments"] = self.attachments()
        except OSError as error:
            self.error.set_text(f"提示：无法读取{ATTACHMENT[1]}：{error.strerror}")
            return
        self.run_in_background(lambda: self.backend.submit(v), self.submitted)

    def submitted(self, code, body):
        if code == 200:
            self.show_result("办理成功", body["withdrawalNo"], body["amount"], body["receiptNo"])
        else:
            self.show_result("办理失败")
            self.error.set_text("提示：" + body.get("error", "办理失败"))

    def on_clear(self, _button):
        for entry in self.entries.values():
            entry.set_text("")
        self.attachment_path = None
        self.file_label.set_text(NO_FILE)
        self.show_result("")
        self.error.set_text("")


class ContactDialog(Gtk.Window):
    """联系方式变更登记: a dialog of its own, with nothing to look an entry up by.

    确定 stores the values and waits for the centre's answer; the window does not repaint or answer meanwhile (the
    accessibility bus included), as the old client's dialogs do. Stored: the dialog closes and the program ends.
    Refused or failed: the reason shows in 错误提示 and the dialog stays open for another try or 取消.
    """

    def __init__(self, backend):
        super().__init__(title=DIALOG_TITLE)
        named(self, DIALOG_TITLE)
        self.get_accessible().set_role(Atk.Role.DIALOG)
        self.set_type_hint(Gdk.WindowTypeHint.DIALOG)
        self.set_resizable(False)
        self.set_border_width(12)
        self.backend = backend
        self.connect("destroy", Gtk.main_quit)

        outer = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=8)
        self.add(outer)
        hint = Gtk.Label(label="登记提取人的联系方式，确定后保存并关闭。", xalign=0)
        outer.pack_start(hint, False, False, 0)
        grid, self.entries = field_grid(CONTACT_FIELDS)
        outer.pack_start(grid, False, False, 0)
        self.error = error_label(self.get_screen())
        outer.pack_start(self.error, False, False, 0)

        buttons = Gtk.ButtonBox(orientation=Gtk.Orientation.HORIZONTAL, spacing=8, layout_style=Gtk.ButtonBoxStyle.END)
        outer.pack_start(buttons, False, False, 0)
        self.ok_button = named(Gtk.Button(label="确定"), "确定", "保存联系方式并关闭")
        self.cancel_button = named(Gtk.Button(label="取消"), "取消", "不保存，关闭对话框")
        buttons.add(self.ok_button)
        buttons.add(self.cancel_button)
        self.ok_button.connect("clicked", self.on_ok)
        self.cancel_button.connect("clicked", lambda _button: self.destroy())

    def on_ok(self, _button):
        self.error.set_text("")
        for button in (self.ok_button, self.cancel_button):
            button.set_sensitive(False)
        values = {key: entry.get_text().strip() for key, entry in self.entries.items()}
        # Sent from the main loop, not from the click itself, so the click (over AT-SPI too) returns first.
        GLib.idle_add(self.store, values)

    def store(self, values):
        code, body = self.backend.register_contact(values)
        if code == 200:
            self.destroy()
            return False
        for button in (self.ok_button, self.cancel_button):
            button.set_sensitive(True)
        self.error.set_text("提示：" + body.get("error", "保存失败"))
        return False


def main():
    parser = argparse.ArgumentParser(description=TITLE)
    parser.add_argument("--url", required=True, help="the sandbox's counter store endpoint")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--dialog", choices=["contact"], help="show only this dialog (contact: 联系方式变更登记, closes on 确定)")
    parser.add_argument("--screenshot", help="save a PNG of the window to this path and quit (for the docs)")
    args = parser.parse_args()
    backend = Backend(args.url, args.user, args.password)
    code, body = backend._call("GET", "api/ping")
    if code == 401:
        raise SystemExit("登录失败：" + body.get("error", "用户名或密码错误"))
    window = ContactDialog(backend) if args.dialog == "contact" else CounterWindow(backend, args.user)
    window.show_all()
    if args.screenshot:
        GLib.timeout_add(1000, save_screenshot, window, args.screenshot)
    Gtk.main()


def save_screenshot(window, path):
    gdk_window = window.get_window()
    pixbuf = Gdk.pixbuf_get_from_window(gdk_window, 0, 0, gdk_window.get_width(), gdk_window.get_height())
    pixbuf.savev(path, "png", [], [])
    Gtk.main_quit()
    return False


if __name__ == "__main__":
    main()
