"""Fitting the session to the requested duration while keeping pulling >= pushing for the week."""

from __future__ import annotations

from .context import SessionContext
from .duration import section_seconds
from .plan import Item
from .week import items_push_pull, push_pull

SET_CAP = {"main": 5, "accessory": 4, "finisher": 12, "cooldown": 2}
# When restrictions leave little work, volume may go a little higher to fill the time.
RELAXED_CAP = {"main": 6, "accessory": 5, "finisher": 14, "cooldown": 4}
WARMUP_RANGE_S = (120, 600)


class Fitter:
    def __init__(self, ctx: SessionContext, warm: list[Item], main: list[Item],
                 fin: list[Item]) -> None:
        self.ctx, self.warm, self.main, self.fin = ctx, warm, main, fin
        self.target = ctx.today.duration_min * 60
        self.wk_push, self.wk_pull = push_pull(ctx.week_counts)
        self.superset = False
        self.pair_mains = False  # very short sessions superset everything after the first lift

    def seconds(self) -> float:
        lat = self.ctx.laterality
        return (section_seconds(self.warm, lat) + section_seconds(self.main, lat)
                + section_seconds(self.fin, lat))

    def balanced(self) -> bool:
        push, pull = items_push_pull(self.main + self.fin)
        return push == 0 or self.wk_push + push <= self.wk_pull + pull

    def label(self) -> None:
        """Letters per station; accessories paired as supersets when time demands (A1/A2)."""
        letter, i = 0, 0
        while i < len(self.main):
            it = self.main[i]
            it.rest_s = it.base_rest_s
            nxt = self.main[i + 1] if i + 1 < len(self.main) else None
            pairable = self.pair_mains and i > 0 or it.role != "main" and (
                nxt is None or nxt.role != "main")
            if self.superset and pairable and nxt is not None:
                it.block, nxt.block = f"{chr(65 + letter)}1", f"{chr(65 + letter)}2"
                nxt.rest_s = nxt.base_rest_s
                it.rest_s = 15  # walk to the partner exercise; the pair shares the long rest
                i += 2
            else:
                it.block = f"{chr(65 + letter)}1"
                i += 1
            letter += 1

    def enforce_balance(self) -> None:
        while not self.balanced():
            pulls = [i for i in self.main + self.fin if i.pattern.endswith("_pull")
                     and i.sets < SET_CAP.get(i.role, 4) + 1]
            pushes = sorted((i for i in self.main if i.pattern.endswith("_push")),
                            key=lambda i: -i.sets)
            if pulls:
                min(pulls, key=lambda i: i.sets).sets += 1
            elif pushes and pushes[0].sets > 1:
                pushes[0].sets -= 1
            elif pushes:
                self.main.remove(pushes[0])
            else:
                break

    def _try(self, item: Item, delta: int, ceiling: float | None = None) -> bool:
        item.sets += delta
        if item.sets < 1 or not self.balanced() or (
                ceiling is not None and self.seconds() > ceiling):
            item.sets -= delta
            return False
        return True

    def shrink(self) -> None:
        while self.seconds() > self.target * 1.03:
            acc = sorted((i for i in self.main if i.role != "main" and i.sets > 2),
                         key=lambda i: -i.sets)
            mains = sorted((i for i in self.main if i.role == "main" and i.sets > 2),
                           key=lambda i: -i.sets)
            fin = [i for i in self.fin if i.sets > 2]
            if any(self._try(i, -1) for i in fin + acc + mains):
                continue
            long_bouts = [i for i in self.main if i.sets == 1 and (i.duration_s or 0) >= 240]
            if long_bouts:
                long_bouts[0].duration_s -= 60
                continue
            droppable = [i for i in self.main if i.role != "main"] or self.main[2:]
            removed = False
            for it in reversed(droppable):
                self.main.remove(it)
                if self.balanced():
                    removed = True
                    break
                self.main.append(it)
            if removed:
                self.label()
                continue
            if self.fin:
                self.fin.clear()
                continue
            if any(self._try(i, -1) for i in sorted(self.main, key=lambda i: -i.sets)
                   if i.sets > 1):
                continue
            pushes = [i for i in self.main if i.pattern.endswith("_push")]
            if pushes and len(self.main) > 1:
                # Pressing is what the week's balance can spare; dropping it frees the pulls.
                self.main.remove(pushes[-1])
                self.label()
                continue
            break

    def grow(self, relaxed: bool = False) -> None:
        caps = RELAXED_CAP if relaxed else SET_CAP
        while self.seconds() < self.target * 0.97:
            cands = sorted((i for i in self.main if i.sets < caps.get(i.role, 4)),
                           key=lambda i: (i.sets, i.role != "main"))
            ceiling = self.target * 1.04
            if any(self._try(i, 1, ceiling) for i in cands):
                continue
            if any(self._try(i, 1, ceiling) for i in self.fin if i.sets < caps.get(i.role, 12)):
                continue
            break

    def tune_warmup(self, hi: int = WARMUP_RANGE_S[1]) -> None:
        """Land close to the request by adjusting the general warm-up, in 15 s steps."""
        general = next((i for i in self.warm if i.block == "W1" and i.duration_s), None)
        if general is None:
            return
        gap = self.target - self.seconds()
        lo = WARMUP_RANGE_S[0]
        general.duration_s = int(max(lo, min(hi, general.duration_s + gap)) // 15 * 15)
