-- revision 0006
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

CREATE TABLE project (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	created_at DATETIME NOT NULL, 
	settings_json TEXT NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE node (
	id VARCHAR(40) NOT NULL, 
	type_id VARCHAR(100) NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	params_json TEXT NOT NULL, 
	x FLOAT NOT NULL, 
	y FLOAT NOT NULL, ordinal INTEGER DEFAULT '0' NOT NULL, takes_json TEXT DEFAULT '{}' NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE edge (
	id INTEGER NOT NULL, 
	src VARCHAR(40) NOT NULL, 
	src_port VARCHAR(100) NOT NULL, 
	dst VARCHAR(40) NOT NULL, 
	dst_port VARCHAR(100) NOT NULL, ordinal INTEGER DEFAULT '0' NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_edge_input UNIQUE (dst, dst_port), 
	FOREIGN KEY(src) REFERENCES node (id) ON DELETE CASCADE, 
	FOREIGN KEY(dst) REFERENCES node (id) ON DELETE CASCADE
);

CREATE TABLE run (
	id INTEGER NOT NULL, 
	started_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	status VARCHAR(20) NOT NULL, 
	target VARCHAR(200) NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE node_run (
	id INTEGER NOT NULL, 
	run_id INTEGER NOT NULL, 
	node_id VARCHAR(40) NOT NULL, 
	item_index INTEGER, 
	status VARCHAR(20) NOT NULL, 
	cache_key VARCHAR(64) NOT NULL, 
	started_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	seconds FLOAT NOT NULL, 
	error TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(run_id) REFERENCES run (id) ON DELETE CASCADE
);

CREATE TABLE artifact (
	hash VARCHAR(64) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	mime VARCHAR(60) NOT NULL, 
	path VARCHAR(200) NOT NULL, 
	size INTEGER NOT NULL, 
	width INTEGER, 
	height INTEGER, 
	duration FLOAT, 
	meta_json TEXT NOT NULL, 
	created_at DATETIME NOT NULL, mtime_ns BIGINT, 
	PRIMARY KEY (hash)
);

CREATE TABLE cache_entry (
	"key" VARCHAR(64) NOT NULL, 
	node_type VARCHAR(100) NOT NULL, 
	outputs_json TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY ("key")
);

CREATE TABLE take (
	id INTEGER NOT NULL, 
	node_id VARCHAR(40) NOT NULL, 
	item_index INTEGER, 
	cache_key VARCHAR(64) NOT NULL, 
	outputs_json TEXT NOT NULL, 
	chosen BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, item_id VARCHAR(64) DEFAULT '' NOT NULL, take INTEGER DEFAULT '0' NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE provider_call (
	id INTEGER NOT NULL, 
	run_id INTEGER, 
	node_id VARCHAR(40) NOT NULL, 
	provider VARCHAR(60) NOT NULL, 
	model VARCHAR(100) NOT NULL, 
	started_at DATETIME NOT NULL, 
	seconds FLOAT NOT NULL, 
	status VARCHAR(40) NOT NULL, 
	cost_estimate FLOAT NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE provider_task (
	id INTEGER NOT NULL, 
	provider VARCHAR(60) NOT NULL, 
	fingerprint VARCHAR(64) NOT NULL, 
	task_id VARCHAR(200) NOT NULL, 
	status VARCHAR(40) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_task_fingerprint UNIQUE (provider, fingerprint)
);

CREATE TABLE fingerprint_ledger (
	sha256 VARCHAR(64) NOT NULL, 
	episode VARCHAR(200) NOT NULL, 
	episode_file VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	duration FLOAT NOT NULL, 
	shots INTEGER NOT NULL, 
	ledger_json TEXT NOT NULL, 
	PRIMARY KEY (sha256)
);

CREATE INDEX ix_node_run_run ON node_run (run_id);

CREATE INDEX ix_take_node_item ON take (node_id, item_index);

CREATE INDEX ix_fingerprint_ledger_file ON fingerprint_ledger (episode_file);

