#!/usr/bin/env python3
"""Test driver: finds the counter client through AT-SPI, prints its named widgets, optionally fills and submits.

Usage: atspi_driver.py APP_NAME [JSON_VALUES]   (JSON maps accessible names to text; \"__button\" names the button, default 提交)
Prints one JSON object: {"widgets": [{"role", "name"}...], "texts": {name: text}} after the optional action.
"""
import json
import sys
import time
import warnings

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

# The *_iface accessors are deprecated in libatspi 2.46 but remain the portable way from Python.
warnings.filterwarnings("ignore", category=DeprecationWarning)


def find_app(name, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is None:
                continue
            for j in range(app.get_child_count()):
                window = app.get_child_at_index(j)
                if window is not None and window.get_name() == name:
                    return window
        time.sleep(0.2)
    raise SystemExit(json.dumps({"error": f"window {name} not found over AT-SPI"}))


def walk(node, out):
    out.append(node)
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            walk(child, out)
    return out


def text_of(node):
    iface = node.get_text_iface()
    return iface.get_text(0, iface.get_character_count()) if iface is not None else ""


def snapshot(window):
    nodes = walk(window, [])
    widgets = [{"role": n.get_role_name(), "name": n.get_name()} for n in nodes if n.get_name()]
    texts = {n.get_name(): text_of(n) for n in nodes if n.get_name() and n.get_role_name() in ("label", "text", "entry")}
    return nodes, widgets, texts


def main():
    window = find_app(sys.argv[1])
    nodes, widgets, texts = snapshot(window)
    if len(sys.argv) > 2:
        values = json.loads(sys.argv[2])
        button = values.pop("__button", "提交")
        for n in nodes:
            if n.get_role_name() in ("text", "entry") and n.get_name() in values:
                n.get_editable_text_iface().set_text_contents(values[n.get_name()])
        target = next(n for n in nodes if n.get_role_name() == "push button" and n.get_name() == button)
        target.get_action_iface().do_action(0)
        deadline = time.time() + 30
        while time.time() < deadline:
            _, _, texts = snapshot(window)
            if texts.get("办理状态") not in ("", "处理中……", None):
                break
            time.sleep(0.2)
        nodes, widgets, texts = snapshot(window)
    print(json.dumps({"widgets": widgets, "texts": texts}, ensure_ascii=False))


if __name__ == "__main__":
    main()
