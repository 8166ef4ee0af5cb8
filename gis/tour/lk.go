package tour

// The local search is Lin–Kernighan built from 2-opt flips: remove the edge
// (t1,t2), add (t2,t3) for a near neighbour t3, remove (t3,t4) and close
// with (t4,t1). If closing does not pay, the flip is kept tentatively and
// the search goes on from t4 as the new t2, giving 3-opt, 4-opt ...
// sequential moves. The first chain whose closing gain is positive is
// committed; otherwise every tentative flip is undone.

// improve tries both tour edges at t1 and returns the gain (0 if none).
// On success s.chain lists the cities whose edges changed.
func (s *solver) improve(t1 int32) float64 {
	for _, t2 := range [2]int32{s.next(t1), s.prev(t1)} {
		if s.fixed(t1, t2) {
			continue
		}
		s.chain = append(s.chain[:0], t1, t2)
		s.added = s.added[:0]
		if g := s.step(t1, t2, s.c(t1, t2), 0); g > 0 {
			return g
		}
	}
	return 0
}

// step extends the chain from t2 (t1–t2 is the edge to remove next, g the
// gain so far before closing). It returns the committed gain or 0.
func (s *solver) step(t1, t2 int32, g float64, depth int) float64 {
	cs := s.candidates(t1, t2, g, depth)
	for _, cd := range cs[:min(breadth[depth], len(cs))] {
		t3, t4 := cd.t3, cd.t4
		g2 := g - s.c(t2, t3) + s.c(t3, t4)
		mark := len(s.journal)
		chainLen, addedLen := len(s.chain), len(s.added)
		s.chain = append(s.chain, t3, t4)
		s.added = append(s.added, [2]int32{t2, t3})
		if s.next(t1) == t2 {
			s.flip(t2, t4)
		} else {
			s.flip(t4, t2)
		}
		if closed := g2 - s.c(t4, t1); closed > s.eps {
			return closed
		}
		if depth+1 < maxDepth {
			if got := s.step(t1, t4, g2, depth+1); got > 0 {
				return got
			}
		}
		s.undoTo(mark)
		s.chain, s.added = s.chain[:chainLen], s.added[:addedLen]
	}
	return 0
}

// candidates lists the t3 worth trying from t2, best first by the
// classic rule: cheap new edge (t2,t3), expensive removed edge (t3,t4).
func (s *solver) candidates(t1, t2 int32, g float64, depth int) []cand {
	cs := s.cands[depth][:0]
	fwd := s.next(t1) == t2
	for _, t3 := range s.nb[int(t2)*s.k : int(t2+1)*s.k] {
		g1 := g - s.c(t2, t3)
		if g1 <= s.eps {
			break // lists are sorted: later t3 cost even more
		}
		if t3 == t1 {
			continue
		}
		var t4 int32
		if fwd {
			t4 = s.prev(t3)
		} else {
			t4 = s.next(t3)
		}
		if t4 == t2 || s.fixed(t3, t4) || s.wasAdded(t3, t4) {
			continue
		}
		cs = append(cs, cand{t3, t4, s.c(t3, t4) - s.c(t2, t3)})
	}
	sortCands(cs)
	s.cands[depth] = cs
	return cs
}

// wasAdded reports whether the move being built added edge a–b; removing
// it again would let the chain go round in circles.
func (s *solver) wasAdded(a, b int32) bool {
	for _, e := range s.added {
		if (e[0] == a && e[1] == b) || (e[0] == b && e[1] == a) {
			return true
		}
	}
	return false
}

// undoTo reverts the journal back to length mark.
func (s *solver) undoTo(mark int) {
	for i := len(s.journal) - 1; i >= mark; i-- {
		s.reverse(s.journal[i][0], s.journal[i][1])
	}
	s.journal = s.journal[:mark]
}
