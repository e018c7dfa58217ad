/* model.h - the company's dimensions (teams, managers, channels, metrics)
 * as loaded from the store; pure lookups, no SQL. */
#ifndef KPITOP_MODEL_H
#define KPITOP_MODEL_H

#include <stddef.h>
#include <stdint.h>

enum metric_kind { METRIC_COUNT = 0, METRIC_MONEY = 1 };

struct kp_team {
	int64_t id;
	char *name;
	int archived;
	int64_t head_id; /* the manager heading it, 0 = none (see dims_team_head) */
};

struct kp_manager {
	int64_t id;
	char *name;
	int64_t team_id;
	int archived;
};

struct kp_channel {
	int64_t id;
	char *name;
	int archived;
};

struct kp_metric {
	int64_t id;
	char *key;      /* "calls", "revenue", ...: [a-z][a-z0-9_]* */
	char *label;    /* "Calls" */
	enum metric_kind kind;
	int funnel;     /* position in the funnel, 1 = first stage; 0 = none */
	int archived;
};

/* Lists are ordered as shown: by position / name, archived ones included. */
struct kp_dims {
	struct kp_team *teams;
	size_t nteams;
	struct kp_manager *managers;
	size_t nmanagers;
	struct kp_channel *channels;
	size_t nchannels;
	struct kp_metric *metrics;
	size_t nmetrics;
};

void dims_free(struct kp_dims *d);

/* Exact-name lookups; NULL when absent. */
const struct kp_team *dims_team_by_name(const struct kp_dims *d, const char *name);
const struct kp_manager *dims_manager_by_name(const struct kp_dims *d, const char *name);
const struct kp_channel *dims_channel_by_name(const struct kp_dims *d, const char *name);
const struct kp_metric *dims_metric_by_key(const struct kp_dims *d, const char *key);
/* Index lookups by id; -1 when absent. */
int dims_team_index(const struct kp_dims *d, int64_t id);
int dims_manager_index(const struct kp_dims *d, int64_t id);
int dims_channel_index(const struct kp_dims *d, int64_t id);
int dims_metric_index(const struct kp_dims *d, int64_t id);
/* Append a row just created in the store (import --create); returns it. */
const struct kp_team *dims_push_team(struct kp_dims *d, int64_t id, const char *name);
const struct kp_manager *dims_push_manager(struct kp_dims *d, int64_t id, const char *name,
					   int64_t team_id);
const struct kp_channel *dims_push_channel(struct kp_dims *d, int64_t id, const char *name);
/* A team's head: its head_id when that manager is active and still in the
 * team, else NULL. */
const struct kp_manager *dims_team_head(const struct kp_dims *d, const struct kp_team *t);
/* First non-archived channel, or NULL. */
const struct kp_channel *dims_first_channel(const struct kp_dims *d);

#endif
