/*
 * A visit form shown again with errors opens at their list (#error-summary).
 *
 * Signature pads of the visit form: draw on a <canvas> with finger, pen or mouse; the PNG data
 * URL goes into the field's hidden input (e.g. visitor_signature__image). Without JavaScript the
 * pad stays hidden and the form still submits ("本人无法签字" and its reason work without it).
 */
(function () {
  "use strict";

  function setUp(container) {
    var pad = container.querySelector("[data-signature-pad]");
    var input = container.querySelector("input[type=hidden]");
    if (!pad || !input) {
      return;
    }
    var canvas = pad.querySelector("canvas");
    var clear = pad.querySelector("[data-signature-clear]");
    var status = pad.querySelector("[data-signature-status]");
    var noJs = container.querySelector("[data-signature-nojs]");
    var context = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    var last = null;

    pad.hidden = false;
    if (noJs) {
      noJs.hidden = true;
    }

    function reset() {
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.lineWidth = 3;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#111";
    }

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) * canvas.width / box.width,
        y: (event.clientY - box.top) * canvas.height / box.height
      };
    }

    function save() {
      input.value = drawn ? canvas.toDataURL("image/png") : "";
      input.dispatchEvent(new Event("change", {bubbles: true})); // autosave listens for changes
      if (status) {
        status.textContent = drawn ? "已签字" : "请在框内手写签名";
      }
    }

    function load() { // a re-shown form keeps the signature it was posted with
      reset();
      drawn = false;
      if (input.value) {
        var image = new Image();
        image.onload = function () {
          context.drawImage(image, 0, 0, canvas.width, canvas.height);
          drawn = true;
        };
        image.src = input.value;
      }
      if (status) {
        status.textContent = input.value ? "已签字" : "请在框内手写签名";
      }
    }

    load();
    input.addEventListener("localcopy:restored", load); // js/visit-autosave.js put a kept copy back

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      drawing = true;
      last = point(event);
      canvas.setPointerCapture(event.pointerId);
      context.beginPath();
      context.arc(last.x, last.y, context.lineWidth / 2, 0, Math.PI * 2);
      context.fillStyle = "#111";
      context.fill();
      drawn = true;
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) {
        return;
      }
      event.preventDefault();
      var next = point(event);
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(next.x, next.y);
      context.stroke();
      last = next;
    });
    function stop() {
      if (drawing) {
        drawing = false;
        save();
      }
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    canvas.addEventListener("pointerleave", stop);

    clear.addEventListener("click", function () {
      drawn = false;
      reset();
      save();
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-signature]"), setUp);
    var errors = document.getElementById("error-summary"); // the form came back with errors: start there
    if (errors) {
      errors.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
