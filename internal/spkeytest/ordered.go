package spkeytest

import "slices"

// ordered is a map that keeps insertion order, the order in which the API
// lists a lock's residents, keys and temp keys and a user's accessible
// locks: look-up in O(1), listing in order, removal in O(n). Its zero
// value is empty and ready to use.
type ordered[K comparable, V any] struct {
	keys []K
	vals map[K]V
}

func (o *ordered[K, V]) get(k K) (V, bool) {
	v, ok := o.vals[k]
	return v, ok
}

// put adds v under k at the end, or replaces the value of k in place.
func (o *ordered[K, V]) put(k K, v V) {
	if o.vals == nil {
		o.vals = map[K]V{}
	}
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func (o *ordered[K, V]) remove(k K) bool {
	if _, ok := o.vals[k]; !ok {
		return false
	}
	delete(o.vals, k)
	if i := slices.Index(o.keys, k); i >= 0 {
		o.keys = slices.Delete(o.keys, i, i+1)
	}
	return true
}

func (o *ordered[K, V]) size() int { return len(o.keys) }

// values returns the values in order, in a new slice (never nil, so that
// it encodes as a JSON array).
func (o *ordered[K, V]) values() []V {
	out := make([]V, 0, len(o.keys))
	for _, k := range o.keys {
		out = append(out, o.vals[k])
	}
	return out
}
