;; The candidate scan's inner loops (`scan-kernel.ts`), in WebAssembly: at 100,000 articles a
;; rebuild runs them 100,000 times over about 66,000 postings and 100,000 score slots each, and
;; V8's code for the same loops in TypeScript (`postings-scan.ts`) took 2.2x as long (no bounds
;; checks here, and the sweep compares four slots at a time). Same arithmetic as the TypeScript:
;; fixed-point integer weights multiplied and summed in f64, exact whatever the order, so the two
;; give the same candidates to the bit (scan-kernel.test.ts).
;;
;; Compiled by `npm run build:kernel` (scripts/build-scan-kernel.ts, wabt) into
;; scan-kernel-wasm.ts; a test fails when the two differ.
(module
  ;; Shared with the other threads scanning the same index: the postings, the slots' ids and
  ;; each thread's own scratch (query, scores, heap), laid out by scan-kernel.ts.
  (memory (import "env" "memory") 1 65536 shared)

  ;; Offers (slot, score) to the min-heap of the best so far (root: the weakest kept; slots i32 at
  ;; $hs, scores f64 at $hv), of $size entries and at most $limit; returns its new size. The
  ;; rules of `TopSlots` (top-slots.ts): a lower score ranks below, and of equal scores the larger
  ;; article id. Written out without calls: V8 did not inline small functions, and with `$weaker`
  ;; and `$id` called the heap took 7.8 of a rebuild's 35 s of scanning at 100,000 articles.
  (func $offer (param $slot i32) (param $s f64) (param $size i32) (param $limit i32)
               (param $ids i32) (param $hs i32) (param $hv i32) (result i32)
    (local $i i32) (local $p i32) (local $id f64) (local $l i32) (local $r i32) (local $m i32)
    (local $ps f64) (local $ms f64) (local $rs f64) (local $mid f64) (local $rid f64)
    (local.set $id (f64.load (i32.add (local.get $ids) (i32.shl (local.get $slot) (i32.const 3)))))
    (if (i32.lt_u (local.get $size) (local.get $limit))
      (then
        ;; not full: sift up from the end while the parent ranks below the new entry
        (local.set $i (local.get $size))
        (block $placed (loop $up
          (br_if $placed (i32.eqz (local.get $i)))
          (local.set $p (i32.shr_u (i32.sub (local.get $i) (i32.const 1)) (i32.const 1)))
          (local.set $ps (f64.load (i32.add (local.get $hv) (i32.shl (local.get $p) (i32.const 3)))))
          ;; stop unless (s, id) ranks below (parent score, parent id)
          (br_if $placed (i32.eqz (i32.or (f64.lt (local.get $s) (local.get $ps))
            (i32.and (f64.eq (local.get $s) (local.get $ps))
              (f64.gt (local.get $id) (f64.load (i32.add (local.get $ids)
                (i32.shl (i32.load (i32.add (local.get $hs) (i32.shl (local.get $p) (i32.const 2)))) (i32.const 3)))))))))
          (i32.store (i32.add (local.get $hs) (i32.shl (local.get $i) (i32.const 2))) (i32.load (i32.add (local.get $hs) (i32.shl (local.get $p) (i32.const 2)))))
          (f64.store (i32.add (local.get $hv) (i32.shl (local.get $i) (i32.const 3))) (local.get $ps))
          (local.set $i (local.get $p))
          (br $up)))
        (i32.store (i32.add (local.get $hs) (i32.shl (local.get $i) (i32.const 2))) (local.get $slot))
        (f64.store (i32.add (local.get $hv) (i32.shl (local.get $i) (i32.const 3))) (local.get $s))
        (return (i32.add (local.get $size) (i32.const 1)))))
    ;; full: enters only if the weakest kept ranks below it (a lower score, or equal and a larger id)
    (local.set $ps (f64.load (local.get $hv)))
    (if (i32.eqz (i32.or (f64.lt (local.get $ps) (local.get $s))
          (i32.and (f64.eq (local.get $ps) (local.get $s))
            (f64.gt (f64.load (i32.add (local.get $ids) (i32.shl (i32.load (local.get $hs)) (i32.const 3)))) (local.get $id)))))
      (then (return (local.get $size))))
    ;; sift down from the root: the weaker child moves up while it ranks below the new entry
    (block $placed (loop $down
      (local.set $l (i32.add (i32.shl (local.get $i) (i32.const 1)) (i32.const 1)))
      (br_if $placed (i32.ge_u (local.get $l) (local.get $size)))
      (local.set $m (local.get $l))
      (local.set $ms (f64.load (i32.add (local.get $hv) (i32.shl (local.get $l) (i32.const 3)))))
      (local.set $mid (f64.load (i32.add (local.get $ids) (i32.shl (i32.load (i32.add (local.get $hs) (i32.shl (local.get $l) (i32.const 2)))) (i32.const 3)))))
      (local.set $r (i32.add (local.get $l) (i32.const 1)))
      (if (i32.lt_u (local.get $r) (local.get $size))
        (then
          (local.set $rs (f64.load (i32.add (local.get $hv) (i32.shl (local.get $r) (i32.const 3)))))
          (local.set $rid (f64.load (i32.add (local.get $ids) (i32.shl (i32.load (i32.add (local.get $hs) (i32.shl (local.get $r) (i32.const 2)))) (i32.const 3)))))
          ;; the right child ranks below the left: it is the weaker
          (if (i32.or (f64.lt (local.get $rs) (local.get $ms)) (i32.and (f64.eq (local.get $rs) (local.get $ms)) (f64.gt (local.get $rid) (local.get $mid))))
            (then (local.set $m (local.get $r)) (local.set $ms (local.get $rs)) (local.set $mid (local.get $rid))))))
      ;; stop unless the weaker child ranks below the new entry
      (br_if $placed (i32.eqz (i32.or (f64.lt (local.get $ms) (local.get $s))
        (i32.and (f64.eq (local.get $ms) (local.get $s)) (f64.gt (local.get $mid) (local.get $id))))))
      (i32.store (i32.add (local.get $hs) (i32.shl (local.get $i) (i32.const 2))) (i32.load (i32.add (local.get $hs) (i32.shl (local.get $m) (i32.const 2)))))
      (f64.store (i32.add (local.get $hv) (i32.shl (local.get $i) (i32.const 3))) (local.get $ms))
      (local.set $i (local.get $m))
      (br $down)))
    (i32.store (i32.add (local.get $hs) (i32.shl (local.get $i) (i32.const 2))) (local.get $slot))
    (f64.store (i32.add (local.get $hv) (i32.shl (local.get $i) (i32.const 3))) (local.get $s))
    (local.get $size))

  ;; One query. $q: $nq terms of 16 bytes each (first posting i32, end i32, fixed-point weight
  ;; f64). $slots / $weights: the postings pool (i32 slots, u16 weights). $ids: f64 article id by
  ;; slot. $scores: f64 by slot, $n4 of them (a multiple of 4, at least every slot in use), all 0
  ;; on entry and again on return. Leaves the best $limit slots with a positive score, never
  ;; $skip (-1: none), in the heap ($hs slots, $hv scores, unordered) and returns how many.
  (func (export "best") (param $q i32) (param $nq i32) (param $slots i32) (param $weights i32) (param $ids i32)
        (param $scores i32) (param $n4 i32) (param $limit i32) (param $skip i32) (param $hs i32) (param $hv i32) (result i32)
    (local $t i32) (local $j i32) (local $end i32) (local $qw f64) (local $a i32)
    (local $k i32) (local $size i32) (local $floor f64) (local $vfloor v128) (local $s f64) (local $lane i32)
    ;; every term's postings added into the scores
    (block $summed (loop $terms
      (br_if $summed (i32.ge_u (local.get $t) (local.get $nq)))
      (local.set $a (i32.add (local.get $q) (i32.shl (local.get $t) (i32.const 4))))
      (local.set $j (i32.load (local.get $a)))
      (local.set $end (i32.load offset=4 (local.get $a)))
      (local.set $qw (f64.load offset=8 (local.get $a)))
      (block $termDone (loop $postings
        (br_if $termDone (i32.ge_u (local.get $j) (local.get $end)))
        (local.set $a (i32.add (local.get $scores)
          (i32.shl (i32.load (i32.add (local.get $slots) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 3))))
        (f64.store (local.get $a) (f64.add (f64.load (local.get $a))
          (f64.mul (local.get $qw)
            (f64.convert_i32_u (i32.load16_u (i32.add (local.get $weights) (i32.shl (local.get $j) (i32.const 1))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $postings)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $terms)))
    (if (i32.ge_s (local.get $skip) (i32.const 0))
      (then (f64.store (i32.add (local.get $scores) (i32.shl (local.get $skip) (i32.const 3))) (f64.const 0))))
    ;; The sweep: four slots at a time, each set back to 0. Scores are integers, so a touched
    ;; slot scores at least 1; once the heap is full the floor is its weakest score, and a group of
    ;; four below it costs two comparisons and a branch.
    (local.set $floor (f64.const 1))
    (local.set $vfloor (f64x2.splat (local.get $floor)))
    (block $swept (loop $sweep
      (br_if $swept (i32.ge_u (local.get $k) (local.get $n4)))
      (local.set $a (i32.add (local.get $scores) (i32.shl (local.get $k) (i32.const 3))))
      (if (v128.any_true (v128.or (f64x2.ge (v128.load (local.get $a)) (local.get $vfloor))
                                  (f64x2.ge (v128.load offset=16 (local.get $a)) (local.get $vfloor))))
        (then
          (local.set $lane (i32.const 0))
          (loop $lanes
            (local.set $s (f64.load (i32.add (local.get $a) (i32.shl (local.get $lane) (i32.const 3)))))
            (if (f64.ge (local.get $s) (local.get $floor))
              (then
                (local.set $size (call $offer (i32.add (local.get $k) (local.get $lane)) (local.get $s)
                  (local.get $size) (local.get $limit) (local.get $ids) (local.get $hs) (local.get $hv)))
                (if (i32.eq (local.get $size) (local.get $limit))
                  (then (local.set $floor (f64.load (local.get $hv)))
                        (local.set $vfloor (f64x2.splat (local.get $floor)))))))
            (local.set $lane (i32.add (local.get $lane) (i32.const 1)))
            (br_if $lanes (i32.lt_u (local.get $lane) (i32.const 4))))))
      (v128.store (local.get $a) (v128.const i64x2 0 0))
      (v128.store offset=16 (local.get $a) (v128.const i64x2 0 0))
      (local.set $k (i32.add (local.get $k) (i32.const 4)))
      (br $sweep)))
    (local.get $size))
)
