#!/usr/bin/env python3
"""A small GTK 3 window for the desktop driver's tests: widgets with accessible ids, two fields of the same
name in different frames, a check box, a combo box, a button that freezes the window for a few seconds, and a
legacy row of entries without names: one labelled only through the accessibility "labelled-by" relation (Enter in
it says so in the status), one that only its position tells.

Run: python3 selector_window.py   (needs an X display and the accessibility bus)
"""
import time

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Atk", "1.0")
from gi.repository import Atk, Gtk  # noqa: E402

TITLE = "桌面驱动测试窗口"


def accessible(widget, name, automation_id=None):
    a = widget.get_accessible()
    a.set_name(name)
    if automation_id:
        a.set_accessible_id(automation_id)
    return widget


def main():
    window = Gtk.Window(title=TITLE)
    accessible(window, TITLE)
    window.connect("destroy", Gtk.main_quit)
    box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=6, margin=8)
    window.add(box)

    box.pack_start(accessible(Gtk.Entry(), "备注", "remarkEntry"), False, False, 0)
    for frame_name, automation_id in (("甲区", "numberA"), ("乙区", "numberB")):
        frame = accessible(Gtk.Frame(label=frame_name), frame_name)
        frame.add(accessible(Gtk.Entry(), "编号", automation_id))
        box.pack_start(frame, False, False, 0)

    box.pack_start(accessible(Gtk.CheckButton(label="同意"), "同意", "agree"), False, False, 0)
    combo = Gtk.ComboBoxText()
    for item in ("居民身份证", "护照", "港澳居民来往内地通行证"):
        combo.append_text(item)
    box.pack_start(accessible(combo, "证件类型", "idType"), False, False, 0)

    status = accessible(Gtk.Label(label="就绪"), "状态", "status")

    legacy = accessible(Gtk.Box(orientation=Gtk.Orientation.HORIZONTAL, spacing=4), "联系方式区")
    contact_label = Gtk.Label(label="联系人")
    contact = Gtk.Entry()
    contact.get_accessible().set_accessible_id("contactEntry")
    contact.get_accessible().add_relationship(Atk.RelationType.LABELLED_BY, contact_label.get_accessible())
    contact_label.get_accessible().add_relationship(Atk.RelationType.LABEL_FOR, contact.get_accessible())
    contact.connect("activate", lambda _entry: status.set_text("已回车"))
    phone = Gtk.Entry()
    phone.get_accessible().set_accessible_id("phoneEntry")
    for widget in (contact_label, contact, Gtk.Label(label="电话"), phone):
        legacy.pack_start(widget, False, False, 0)
    box.pack_start(legacy, False, False, 0)
    box.pack_start(status, False, False, 0)

    def count(_button):
        status.set_text("已点击")

    def freeze(_button):
        time.sleep(6)  # the main loop stops: the window does not answer anyone
        status.set_text("已恢复")

    ok = accessible(Gtk.Button(label="确定"), "确定", "ok")
    ok.connect("clicked", count)
    box.pack_start(ok, False, False, 0)
    slow = accessible(Gtk.Button(label="卡住"), "卡住", "freeze")
    slow.connect("clicked", freeze)
    box.pack_start(slow, False, False, 0)

    window.show_all()
    Gtk.main()


if __name__ == "__main__":
    main()
