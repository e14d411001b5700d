// SPDX-License-Identifier: Apache-2.0
/* docker-nsenter's command line: util-linux nsenter's options around a container reference. */
#pragma once

#include <stdbool.h>

#include "filter.h"
#include "nsenter.h"
#include "resolve.h"

/* What docker-nsenter does; entering is the default, the others are chosen by their options. */
enum cli_action { CLI_ENTER, CLI_LIST, CLI_PIN, CLI_UNPIN, CLI_WHICH, _CLI_ACTION_MAX };

struct cli {
	struct nsenter_request req;
	enum cli_action action;
	bool json;	       /* --list --json, --which --json */
	const char *pin_dir;   /* --pin DIR, --unpin DIR */
	const char *pin_netns; /* --pin-netns NAME, --unpin-netns NAME */
	const char *pinned;    /* --pinned DIR: enter a pin instead of a container */
	const char *container;
	const char *host;  /* -H/--host: the daemon's endpoint, as docker's -H */
	const char *tools; /* --tools DIR|IMAGE, resolved into req.tools by the front end */
	const char *filters[FILTER_MAX]; /* --filter KEY=VALUE: in place of the container */
	size_t n_filters;
	pid_t which; /* --which PID */
	struct resolve_options
	    runtimes; /* --containerd-address, --crio-address (its timeout_ms is timeout_ms) */
	int timeout_ms;
	bool help;
	bool version;
};

/* Parse argv[0..argc) (argv[0] is the program or plugin name). On error returns -EINVAL and a
 * message in *reterr. */
int cli_parse(int argc, char **argv, struct cli *ret, char **reterr);

/* Whether an option that needs the container's process (its namespaces, its credentials, its
 * directories) is given. */
bool cli_needs_process(const struct cli *cli);

/* One documented option: what --help prints and what completion offers. */
struct cli_option_doc {
	char short_name; /* 0 when there is none */
	const char *long_name;
	const char *arg; /* NULL: no argument; "[=<dir>]" style when optional */
	const char *help;
};

extern const struct cli_option_doc cli_option_docs[];

/* Whether the option word (e.g. "-S", "--setuid") takes its value from the next word. */
bool cli_option_takes_next(const char *word);
