# SPDX-License-Identifier: Apache-2.0
# bash completion for docker-nsenter. The program answers for itself through its hidden completion mode (cobra's
# protocol, the one docker uses with its plugins), so running containers come from one Engine API request and never
# from the docker CLI; this file only turns the answer into COMPREPLY. Nothing here knows docker-nsenter's options:
# any command speaking the same protocol (docker-nsmount) can be added to the `complete` line at the end.
# `docker nsenter` is completed by docker's own completion, which hands plugins' words to the plugin.

# _docker_ns_ask COMMAND WORD... CURRENT: run COMMAND's completion mode; sets the caller's cands and directive.
_docker_ns_ask()
{
	local cmd=$1 out
	shift
	out=$("$cmd" __completeNoDesc "$@" 2>/dev/null) || return 1
	# The last line is ":DIRECTIVE", every line before it a candidate ("value" or "value<TAB>description").
	[[ $out =~ (^|$'\n'):([0-9]+)$ ]] || return 1
	directive=${BASH_REMATCH[2]}
	out=${out%:"$directive"}
	cands=()
	local line
	while IFS= read -r line; do
		[[ -n $line ]] && cands+=("${line%%$'\t'*}")
	done <<<"$out"
	return 0
}

_docker_ns_complete()
{
	# shellcheck disable=SC2034 # prev is _init_completion's
	local cur prev words cword
	# Keep "--root=/srv" and "a:b" whole: the program parses the words itself.
	_init_completion -n =: || return

	local cmd=${words[0]} directive=0 value=$cur prefix=""
	local -a cands=() before=("${words[@]:1:cword-1}")

	_docker_ns_ask "$cmd" "${before[@]}" "$cur" || return
	if [[ $cur == --?*=* ]]; then
		prefix=${cur%%=*}=
		value=${cur#*=}
		# "--setuid=fo": ask again with the value as the option's argument, as "--setuid fo".
		if ((${#cands[@]} == 0 && !(directive & 16))); then
			_docker_ns_ask "$cmd" "${before[@]}" "${prefix%=}" "$value" || return
		fi
	elif [[ $cur == -[!-]?* ]] && ((directive & 16)); then
		# a directory attached to a short option: "-r/srv"
		prefix=${cur:0:2}
		value=${cur:2}
	fi

	COMPREPLY=()
	cur=$value
	if ((directive & 1)); then
		return
	elif ((directive & 16)); then
		_filedir -d
	elif ((${#cands[@]})); then
		COMPREPLY=("${cands[@]}")
		((directive & 2)) && compopt -o nospace
	elif ((!(directive & 4))); then
		_filedir
	fi
	# bash replaces only what follows the last word break ("=" usually is one, "-r" never): add what it would lose.
	if [[ -n $prefix && ($prefix != *= || $COMP_WORDBREAKS != *=*) ]]; then
		COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
		cur=$prefix$cur
	fi
	__ltrim_colon_completions "$cur"
}

complete -F _docker_ns_complete docker-nsenter docker-nsmount
