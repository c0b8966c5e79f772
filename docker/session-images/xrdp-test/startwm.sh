#!/bin/sh
# The test session: a full-screen xterm on a blue background whose input lines are appended to
# ~/typed.txt (what a test typed through the gateway), and the session's start time in ~/started.txt.
date +%s.%N >> "$HOME/started.txt"
exec xterm -maximized -bg '#1e50a0' -fg white -fa 'DejaVu Sans Mono' -fs 14 \
  -e sh -c 'echo "xrdp test session for $USER"; exec cat >> "$HOME/typed.txt"'
