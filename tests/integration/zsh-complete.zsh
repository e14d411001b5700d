#!/bin/zsh -f
# SPDX-License-Identifier: Apache-2.0
# zsh-complete.zsh FPATH_DIR LINE...: type each LINE followed by TAB into an interactive zsh with compinit (on a
# pseudo-terminal, through zpty) and print the matches compsys offered, one per line, after a line "== LINE".
# The matches are those that reached compadd (as completion widgets really call it), recorded to a file: nothing is
# parsed from the terminal and nothing is inserted or listed. Bounded: each line gives up after 20 seconds.
zmodload zsh/zpty || { print -u2 "zsh-complete: no zsh/zpty"; exit 2 }
emulate -L zsh

local fdir=$1 work=$(mktemp -d) line junk
shift

cat >$work/init.zsh <<EOF
PS1='' PROMPT='' RPROMPT='' PROMPT_EOL_MARK=''
unsetopt zle_bracketed_paste 2>/dev/null
fpath=(${(q)fdir} \$fpath)
autoload -Uz compinit && compinit -u -D
bindkey -e
# TAB runs the normal completion widget, with a hook after it (compsys empties comppostfuncs after each use)
_nsit_main() { comppostfuncs=(_nsit_done); _main_complete "\$@" }
zle -C nsit-complete complete-word _nsit_main
bindkey '^I' nsit-complete
bindkey '^M' undefined-key
bindkey '^J' undefined-key
# Record what compsys offers, after matching against the word, as the real compadd would add it.
compadd() {
	if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
		builtin compadd "\$@"
		return
	fi
	local -a __hits
	builtin compadd -A __hits "\$@"
	(( \$#__hits )) && print -rl -- "\${(@)__hits}" >>${(q)work}/out
	builtin compadd "\$@"
}
# Neither insert nor list anything; tell the driver this line is done.
_nsit_done() { compstate[insert]=''; compstate[list]=''; print done >${(q)work}/done }
print ready >$work/ready
EOF

zpty nsitz zsh -f -i
zpty -w nsitz "source ${(q)work}/init.zsh"
for i in {1..400}; do
	[[ -e $work/ready ]] && break
	zpty -r -t nsitz junk '*' 2>/dev/null || sleep 0.05
done
[[ -e $work/ready ]] || { print -u2 "zsh-complete: the interactive zsh did not start"; zpty -d nsitz; exit 2 }

for line in "$@"; do
	: >$work/out
	rm -f $work/done
	zpty -w -n nsitz "$line"$'\t'
	for i in {1..400}; do
		[[ -e $work/done ]] && break
		zpty -r -t nsitz junk '*' 2>/dev/null || sleep 0.05
	done
	print -r -- "== $line"
	if [[ -e $work/done ]]; then
		cat $work/out
	else
		print -r -- "!! timed out"
	fi
	# clear the line for the next one
	zpty -w -n nsitz $'\C-u'
done
zpty -d nsitz
rm -rf $work
