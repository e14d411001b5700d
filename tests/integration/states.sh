# SPDX-License-Identifier: Apache-2.0
# Containers that cannot be entered get a message naming the container and its state, and nothing is run.

created=${PREFIX}created
docker create --name "$created" "$IMAGE" sleep 100000 >/dev/null
check_status "a created container is refused" 125 "$NSENTER" "$created" true
check "a created container: message" "docker-nsenter: $created: container is not running (state: created); --stopped opens its files" "$ERR"

exited=$(start exited -- true)
docker wait "$exited" >/dev/null
check_status "an exited container is refused" 125 "$NSENTER" "$exited" true
check "an exited container: message" "docker-nsenter: $exited: container is not running (state: exited); --stopped opens its files" "$ERR"

paused=$(start paused)
docker pause "$paused" >/dev/null
check_status "a paused container is refused" 125 "$NSENTER" "$paused" touch /entered
check "a paused container: message" "docker-nsenter: $paused: container is paused" "$ERR"
docker unpause "$paused" >/dev/null
check_status "nothing ran in the paused container" 1 docker exec "$paused" test -e /entered

# Exits at once; after a few restarts docker's back-off keeps it "restarting" for seconds.
restarting=$(start restarting --restart always -- false)
for _ in $(seq 1 100); do
	[ "$(docker inspect -f '{{.State.Restarting}} {{ge .RestartCount 4}}' "$restarting")" = "true true" ] && break
	sleep 0.1
done
check_status "a restarting container is refused" 125 "$NSENTER" "$restarting" true
# Between two restarts it may also have run and died again after the daemon answered: the pinned PID is then gone.
check_match "a restarting container: message" "container is (restarting|not running)|is gone: the container stopped" "$ERR"
