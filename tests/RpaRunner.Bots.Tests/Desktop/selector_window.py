#!/usr/bin/env python3
"""A small GTK 3 window for the desktop driver's tests: widgets with accessible ids, two fields of the same
name in different frames, a check box, a combo box, and a button that freezes the window for a few seconds.

Run: python3 selector_window.py   (needs an X display and the accessibility bus)
"""
import time

import gi

gi.require_version("Gtk", "3.0")
from gi.repository import Gtk  # noqa: E402

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
