# The commands people use. Each one does the set-up it needs first (scripts/setup.sh):
# a Python 3.10 virtualenv, the pinned packages, the Dutch spaCy pipeline and, where the
# data changed, a newly trained model.
PY := .venv/bin/python
export TF_INTRA_OP_PARALLELISM_THREADS ?= 2
export TF_INTER_OP_PARALLELISM_THREADS ?= 1
export TF_CPP_MIN_LOG_LEVEL ?= 2
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1
export RASA_TELEMETRY_ENABLED ?= false

.PHONY: run shell test lint train retrain rollback setup check-config algoritmeregister validate test-stories nlu-gate nlu-realistic compare-pipelines bench bench-booking bench-chat bench-conversations reminders purge lock clean

run: setup                ## start the assistant (Rasa on :5005, actions on :5055)
	$(PY) -m bot.cli.run

shell: setup              ## chat with the assistant in the terminal
	$(PY) -m bot.cli.run --shell

test:                     ## everything CI checks: validation, unit tests, test stories, NLU gate
	bash scripts/test.sh

train: setup              ## (re)train when data, domain or config changed

retrain:                  ## validate, train, compare with the live model; make it live only if not worse
	bash scripts/setup.sh --no-train
	$(PY) -m bot.retraining retrain $(if $(OVERRIDE),--override "$(OVERRIDE)")

rollback:                 ## make the previous model live again (the running Rasa loads it)
	bash scripts/setup.sh --no-train
	$(PY) -m bot.retraining rollback

setup:
	bash scripts/setup.sh

lint:                     ## ruff, mypy and the layers contract (pyproject.toml)
	bash scripts/setup.sh --no-train
	$(PY) -m ruff check .
	$(PY) -m mypy
	.venv/bin/lint-imports

check-config:             ## check gemeente.yml and content/antwoorden.yml
	bash scripts/setup.sh --no-train
	$(PY) -m bot.content_tools.check

algoritmeregister:        ## the Algoritmeregister entry from gemeente.yml and the latest nlu-gate figures (reports/)
	bash scripts/setup.sh --no-train
	$(PY) -m bot.retraining.algoritmeregister

validate: setup
	$(PY) -m rasa data validate --fail-on-warnings

test-stories: setup
	$(PY) -m rasa test core --stories tests/test_stories.yml --model "$$($(PY) -m bot.retraining.model_store --path)" --out reports/stories --fail-on-prediction-errors

nlu-gate: setup           ## held-out accuracy and cross-validated macro-F1, reports in reports/
	$(PY) -m bot.retraining.evaluation gate

nlu-realistic: setup      ## realistic held-out messages: accuracy, macro-F1, confidently wrong, and a bag-of-words baseline
	$(PY) -m bot.retraining.realistic

compare-pipelines:        ## cross-validate every candidate in nlu_pipelines/ (slow)
	bash scripts/setup.sh --no-train
	$(PY) -m bot.retraining.evaluation compare

bench: setup              ## how fast a message is parsed
	$(PY) -m benchmarks.parse_speed

bench-booking:            ## free-time search with 10,000 appointments; 1,000 concurrent bookings
	bash scripts/setup.sh --no-train
	$(PY) -m benchmarks.booking_speed
	$(PY) -m benchmarks.booking_load

bench-chat: setup         ## 100 residents chatting at once through the gateway (starts its own stack)
	$(PY) -m benchmarks.chat_load

bench-conversations:      ## whole dialogues of tests/dialogues/: task success, first reply, follow-ups (starts its own stack)
	bash scripts/setup.sh
	$(PY) -m benchmarks.conversations --json

reminders:                ## send the reminder e-mails (run daily from cron)
	bash scripts/setup.sh --no-train
	$(PY) -m bot.appointments.reminders

purge:                    ## delete conversations past TRANSCRIPT_RETENTION_DAYS, audit events past AUDIT_RETENTION_DAYS (run daily from cron)
	bash scripts/setup.sh --no-train
	$(PY) -m bot.conversations.retention

lock:                     ## re-resolve requirements.in into requirements.lock
	bash scripts/lock.sh

clean:
	rm -rf build models reports results .pytest_cache  # never var/: it holds the appointments
