// Guildhall's maps: a small viewer of map tiles (Web Mercator, 256px
// tiles, {z}/{x}/{y} URLs) written for Guildhall, so pages need no
// third-party script. Maps only enhance a page: the location question's
// map writes the place it marks into the question's latitude and longitude
// boxes, which the form sends as it would without JavaScript, and a map of
// reports shows where the reports listed on the page are. Their words come
// from the page, so they can be translated there.
const TILE = 256
const MIN_ZOOM = 5
const MAX_ZOOM = 19
const PAN = 96
// A tap or the middle opens a report whose pin is this close, in pixels.
const REACH = 24

// world is the size of the map in pixels at zoom z.
const world = (z) => TILE * 2 ** z

function project (p, z) {
  const s = Math.sin(p.lat * Math.PI / 180)
  return { x: (p.lng + 180) / 360 * world(z), y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * world(z) }
}

function unproject (x, y, z) {
  const lat = Math.atan(Math.sinh(Math.PI * (1 - 2 * y / world(z)))) * 180 / Math.PI
  return { lat, lng: x / world(z) * 360 - 180 }
}

// TileMap shows the tiles around a centre and moves them by drag, arrow
// keys and zoom; what a tap or Enter does is for the kind of map to say
// (choose), as is what it draws over the tiles (place).
class TileMap {
  constructor (root) {
    this.root = root
    this.view = root.querySelector('.guildhall-map__view')
    this.template = root.dataset.tiles
    this.zoom = Number(root.dataset.zoom)
    this.centre = { lat: Number(root.dataset.lat), lng: Number(root.dataset.lng) }
    this.tiles = new Map()
    root.hidden = false
  }

  listen () {
    let drag = null
    this.view.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY, moved: 0 }
      this.view.setPointerCapture(e.pointerId)
    })
    this.view.addEventListener('pointermove', (e) => {
      if (!drag) return
      const dx = e.clientX - drag.x
      const dy = e.clientY - drag.y
      drag.moved += Math.abs(dx) + Math.abs(dy)
      drag.x = e.clientX
      drag.y = e.clientY
      this.pan(-dx, -dy)
    })
    this.view.addEventListener('pointerup', (e) => {
      const tap = drag && drag.moved < 5
      drag = null
      if (tap) {
        // Measured inside the border, as the tiles are placed.
        const box = this.view.getBoundingClientRect()
        this.choose(e.clientX - box.left - this.view.clientLeft, e.clientY - box.top - this.view.clientTop)
      }
    })
    this.view.addEventListener('keydown', (e) => this.key(e))
    this.root.querySelectorAll('.guildhall-map__zoom').forEach((b) =>
      b.addEventListener('click', () => this.zoomBy(Number(b.dataset.step))))
    window.addEventListener('resize', () => this.render())
  }

  key (e) {
    const moves = { ArrowLeft: [-PAN, 0], ArrowRight: [PAN, 0], ArrowUp: [0, -PAN], ArrowDown: [0, PAN] }
    if (moves[e.key]) {
      this.pan(...moves[e.key])
    } else if (e.key === '+' || e.key === '=') {
      this.zoomBy(1)
    } else if (e.key === '-') {
      this.zoomBy(-1)
    } else if (e.key === 'Enter' || e.key === ' ') {
      const { w, h } = this.size()
      this.choose(w / 2, h / 2)
    } else {
      return
    }
    e.preventDefault()
  }

  size () { return { w: this.view.clientWidth, h: this.view.clientHeight } }

  // topLeft is the world pixel at the view's top left corner.
  topLeft () {
    const c = project(this.centre, this.zoom)
    const { w, h } = this.size()
    return { x: c.x - w / 2, y: c.y - h / 2 }
  }

  // pointAt is the place at pixel (x, y) of the view.
  pointAt (x, y) {
    const o = this.topLeft()
    return unproject(o.x + x, o.y + y, this.zoom)
  }

  // pixelOf is where place p is in the view.
  pixelOf (p) {
    const o = this.topLeft()
    const m = project(p, this.zoom)
    return { x: m.x - o.x, y: m.y - o.y }
  }

  // put places element el on place p.
  put (el, p) {
    const at = this.pixelOf(p)
    el.style.left = Math.round(at.x) + 'px'
    el.style.top = Math.round(at.y) + 'px'
  }

  pan (dx, dy) {
    const c = project(this.centre, this.zoom)
    const y = Math.min(Math.max(c.y + dy, 0), world(this.zoom))
    this.centre = unproject(c.x + dx, y, this.zoom)
    this.render()
  }

  zoomBy (step) {
    this.zoom = Math.min(Math.max(this.zoom + step, MIN_ZOOM), MAX_ZOOM)
    this.render()
  }

  // render places the tiles that cover the view, reusing those already
  // loaded, and what the map draws over them.
  render () {
    const { w, h } = this.size()
    const { x: left, y: top } = this.topLeft()
    const n = 2 ** this.zoom
    const keep = new Set()
    for (let ty = Math.floor(top / TILE); ty * TILE < top + h; ty++) {
      if (ty < 0 || ty >= n) continue
      for (let tx = Math.floor(left / TILE); tx * TILE < left + w; tx++) {
        const key = this.zoom + '/' + tx + '/' + ty
        keep.add(key)
        const img = this.tiles.get(key) || this.tile(tx, ty, n)
        this.tiles.set(key, img)
        img.style.left = Math.round(tx * TILE - left) + 'px'
        img.style.top = Math.round(ty * TILE - top) + 'px'
      }
    }
    for (const [key, img] of this.tiles) {
      if (!keep.has(key)) { img.remove(); this.tiles.delete(key) }
    }
    this.place()
  }

  tile (tx, ty, n) {
    const img = document.createElement('img')
    img.className = 'guildhall-map__tile'
    img.alt = ''
    img.draggable = false
    const x = ((tx % n) + n) % n
    img.src = this.template.replace('{z}', this.zoom).replace('{x}', x).replace('{y}', ty)
    this.view.insertBefore(img, this.view.firstChild)
    return img
  }
}

// PlaceMap is the location question's map: a tap, Enter on the middle or
// "Use my location" marks the place to send.
class PlaceMap extends TileMap {
  constructor (root) {
    super(root)
    const id = root.dataset.question
    this.status = root.querySelector('.guildhall-map__status')
    this.lat = document.getElementById(id + '-lat')
    this.lng = document.getElementById(id + '-lng')
    this.picks = document.querySelectorAll('input[name="' + id + '-found"]')
    this.marker = null
    if (this.lat.value !== '' && this.lng.value !== '') {
      this.mark({ lat: Number(this.lat.value), lng: Number(this.lng.value) })
    }
    this.listen()
    this.render()
  }

  listen () {
    super.listen()
    this.root.querySelector('.guildhall-map__locate').addEventListener('click', () => this.locate())
    // A place picked from the search is sent as picked: the map's point
    // would otherwise win over it.
    this.picks.forEach((r) => r.addEventListener('change', () => this.unmark()))
  }

  choose (x, y) { this.choosePoint(this.pointAt(x, y)) }

  choosePoint (p) {
    this.mark(p)
    this.lat.value = p.lat.toFixed(6)
    this.lng.value = p.lng.toFixed(6)
    this.picks.forEach((r) => { r.checked = false })
    this.say('chosen')
  }

  mark (p) {
    this.marked = p
    if (!this.marker) {
      this.marker = document.createElement('span')
      this.marker.className = 'guildhall-map__marker'
      this.view.appendChild(this.marker)
    }
    this.render()
  }

  unmark () {
    this.lat.value = ''
    this.lng.value = ''
    this.marked = null
    if (this.marker) this.marker.remove()
    this.marker = null
  }

  locate () {
    if (!navigator.geolocation) return this.say('unavailable')
    this.say('locating')
    navigator.geolocation.getCurrentPosition((pos) => {
      this.centre = { lat: pos.coords.latitude, lng: pos.coords.longitude }
      this.zoom = Math.max(this.zoom, 17)
      this.choosePoint(this.centre)
    }, () => this.say('unavailable'), { enableHighAccuracy: true, timeout: 15000 })
  }

  say (what) { this.status.textContent = this.status.dataset[what] }

  place () {
    if (this.marker && this.marked) this.put(this.marker, this.marked)
  }
}

// ReportsMap shows the reports a page lists as pins. The page's links
// stay the way to a report for keyboards and screen readers; on the map a
// tap on a pin, or Enter with a pin in the middle, opens its report.
class ReportsMap extends TileMap {
  constructor (root) {
    super(root)
    this.pins = [...root.querySelectorAll('.guildhall-map__pin')].map((el) =>
      ({ el, at: { lat: Number(el.dataset.lat), lng: Number(el.dataset.lng) }, href: el.dataset.href }))
    this.listen()
    this.render()
  }

  // choose opens the report whose pin is nearest (x, y), within reach. Pins
  // of reports published at the same rounded point lie on one another: the
  // first the page lists (the nearest the place searched) is opened.
  choose (x, y) {
    let best = null
    let near = REACH
    for (const pin of this.pins) {
      const at = this.pixelOf(pin.at)
      const d = Math.hypot(at.x - x, at.y - y)
      if (pin.href && (d < near || (!best && d === near))) { best = pin; near = d }
    }
    if (best) window.location.assign(best.href)
  }

  place () {
    this.pins.forEach((pin) => this.put(pin.el, pin.at))
  }
}

export function initMaps () {
  document.querySelectorAll('[data-module="guildhall-map"]').forEach((root) => new PlaceMap(root))
  document.querySelectorAll('[data-module="guildhall-reports-map"]').forEach((root) => new ReportsMap(root))
}
